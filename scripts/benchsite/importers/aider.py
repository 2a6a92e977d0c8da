"""Aider leaderboard YAML (``aider/website/_data/*_leaderboard.yml``) -> one report.

Each mapping in the file is one benchmark run of one model and edit format; each becomes
one results row:

- ``score`` is the pass rate after the last attempt (``pass_rate_2``, else ``pass_rate_1``)
  divided by 100; ``correct`` stays empty, since a run is graded, not pass/fail.
- ``latency_ms`` is ``seconds_per_case`` x 1000: mean wall time per exercise, not per request.
- ``cost_usd`` is ``total_cost``, for the whole run. Aider writes 0 when it did not track
  the cost (free, local or unpriced models, and runs from before cost tracking), and marks
  some zeros wrong in a comment, so a zero can never be told from "unknown": it becomes an
  empty cell, and a comment on it is quoted in the verdict.
- ``input_tokens``/``output_tokens`` are the run's totals (``prompt_tokens``,
  ``completion_tokens``) where the file has them.
- Runs sharing a model name are told apart by edit format, then date, then Aider commit.

Every scalar is read as text (PyYAML's BaseLoader) and converted here, because YAML's own
typing turns commit hashes such as ``699e283`` or ``5493654`` into numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import BenchError
from .common import Imported, SourceInfo, decimal, fail, iso_day, plain, unique_labels

AIDER_URL = "https://github.com/Aider-AI/aider"
AIDER_LICENCE = "Apache-2.0"

# What each published leaderboard measures, keyed by file name.
BENCHMARKS = {
    "polyglot_leaderboard": (
        "Aider polyglot coding benchmark",
        "225 of Exercism's hardest exercises in C++, Go, Java, JavaScript, Python and Rust",
    ),
    "edit_leaderboard": ("Aider code editing benchmark", "133 Exercism Python exercises"),
    "refactor_leaderboard": (
        "Aider refactoring benchmark",
        "89 large methods from large Python classes, each to be refactored",
    ),
}


@dataclass(frozen=True)
class Run:
    """One mapping of the leaderboard: text values, the line of each key, trailing comments."""

    file: Path
    line: int
    values: dict[str, str]
    lines: dict[str, int]
    comments: dict[str, str]

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.values.get(key, "").strip()
        if not value and required:
            raise fail(self.file, key, "missing; every run needs it", self.line)
        return value or None

    def number(self, key: str) -> Decimal | None:
        value = self.text(key)
        return None if value is None else decimal(value, self.file, key, self.lines[key])

    def count(self, key: str) -> int | None:
        value = self.number(key)
        if value is not None and (value < 0 or value != value.to_integral_value()):
            raise fail(
                self.file, key, f"expected a whole number >= 0, found {value}", self.lines[key]
            )
        return None if value is None else int(value)


def read_runs(file: Path) -> list[Run]:
    """Every run of a leaderboard file, all scalars as text, with lines and comments."""
    try:
        text = file.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(file, "(file)", f"cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise fail(
            file,
            "(syntax)",
            f"not valid YAML: {getattr(exc, 'problem', exc)}",
            mark.line + 1 if mark else None,
        ) from None
    if not isinstance(root, yaml.SequenceNode):
        raise fail(file, "(document)", "expected a list of runs (one '- dirname: …' each)")
    source_lines = text.splitlines()
    return [read_run(file, node, source_lines) for node in root.value]


def read_run(file: Path, node: yaml.Node, source_lines: list[str]) -> Run:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise fail(file, "(run)", "expected a mapping of field: value", line)
    values: dict[str, str] = {}
    lines: dict[str, int] = {}
    comments: dict[str, str] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        key_line = key_node.start_mark.line + 1
        if key in values:
            raise fail(
                file, key, f"appears twice in the run starting on line {line}", key_line
            )
        if not isinstance(value_node, yaml.ScalarNode):
            continue  # No field we import is a list or mapping; skip any that are.
        values[key], lines[key] = str(value_node.value), key_line
        comment = trailing_comment(source_lines, value_node)
        if comment:
            comments[key] = comment
    return Run(file, line, values, lines, comments)


def trailing_comment(source_lines: list[str], node: yaml.Node) -> str | None:
    # YAML loaders drop comments; Aider's files use them to flag bad values, so read the
    # rest of the value's last line.
    end = node.end_mark
    if end.line >= len(source_lines):
        return None
    rest = source_lines[end.line][end.column :].strip()
    return rest[1:].strip() or None if rest.startswith("#") else None


def import_aider(files: list[Path], source: SourceInfo) -> Imported:
    """One report from one leaderboard file (several files would mix benchmarks)."""
    if len(files) != 1:
        raise BenchError(
            "aider: give exactly one leaderboard file per report; "
            "each file is a different benchmark"
        )
    file = files[0]
    runs = read_runs(file)
    if not runs:
        raise fail(file, "(document)", "the leaderboard holds no runs")
    rows = [run_row(run) for run in runs]
    labels = unique_labels([row["model"] for row in rows], [qualifiers(run) for run in runs])
    for row, label in zip(rows, labels, strict=True):
        row["model"] = label
    return Imported(meta=report_meta(file, runs, rows, source), rows=rows)


def qualifiers(run: Run) -> list[str]:
    return [
        run.text("edit_format") or "",
        run.text("date") or "",
        f"commit {run.text('commit_hash')}" if run.text("commit_hash") else "",
        run.text("dirname") or "",
    ]


def run_row(run: Run) -> dict[str, Any]:
    pass_key = "pass_rate_2" if run.text("pass_rate_2") else "pass_rate_1"
    pass_rate = run.number(pass_key)
    if pass_rate is not None and not 0 <= pass_rate <= 100:
        raise fail(
            run.file,
            pass_key,
            f"expected a percentage 0..100, found {pass_rate}",
            run.lines[pass_key],
        )
    seconds = run.number("seconds_per_case")
    cost = run.number("total_cost")
    return {
        "model": run.text("model", required=True),
        "latency_ms": None if seconds is None else seconds * 1000,
        "input_tokens": run.count("prompt_tokens"),
        "output_tokens": run.count("completion_tokens"),
        "cost_usd": cost if cost else None,
        "score": None if pass_rate is None else float(pass_rate / 100),
        "run_date": run_day(run),
        "verdict": verdict(run, pass_key, pass_rate),
    }


def run_day(run: Run) -> date | None:
    value = run.text("date")
    return None if value is None else iso_day(value, run.file, "date", run.lines["date"])


def verdict(run: Run, pass_key: str, pass_rate: Decimal | None) -> str:
    cases = run.count("test_cases")
    total = run.count("total_tests")
    parts = []
    if pass_rate is not None:
        tries = "after two tries" if pass_key == "pass_rate_2" else "on the first try"
        parts.append(
            f"{plain(pass_rate)}% of {cases if cases is not None else '?'} cases pass {tries}"
        )
    if cases is not None and total is not None and cases < total:
        parts.append(f"ran {cases} of {total} cases")
    well_formed = run.number("percent_cases_well_formed")
    if well_formed is not None:
        parts.append(f"{plain(well_formed)}% well-formed edits")
    setup = " ".join(x for x in (run.text("edit_format"), "edit format") if x)
    parts.append(
        f"{setup}, aider {run.text('versions') or '?'} "
        f"at commit {run.text('commit_hash') or '?'}"
    )
    tokens = (run.count("prompt_tokens"), run.count("completion_tokens"))
    if None not in tokens:
        parts.append(f"{tokens[0]:,} prompt and {tokens[1]:,} completion tokens in all")
    comment = run.comments.get("total_cost")
    if comment and not run.number("total_cost"):
        parts.append(f"cost left blank: the source marks its 0 as '{comment[:60]}'")
    return "; ".join(parts) + "."


def report_meta(
    file: Path, runs: list[Run], rows: list[dict[str, Any]], source: SourceInfo
) -> dict[str, Any]:
    title, what = BENCHMARKS.get(file.stem, (f"Aider benchmark: {file.stem}", ""))
    days = [row["run_date"] for row in rows if row["run_date"]]
    if not days:
        raise fail(file, "date", "no run has a date; the report needs one")
    scored = [row for row in rows if row["score"] is not None]
    best = max(scored, key=lambda row: row["score"], default=None)
    summary = f"{len(rows)} runs from Aider's published leaderboard"
    if best:
        summary += f"; the best pass rate is {plain(best['score'] * 100)}% ({best['model']})"
    prompt = (
        "Aider asks the model to solve each exercise by editing the source files, "
        "runs the exercise's unit tests, and on failure shows the model the test "
        "output for a second try."
    )
    if what:
        prompt = f"The benchmark: {what}. {prompt}"
    return {
        "title": title,
        "summary": summary + ".",
        "date": max(days).isoformat(),
        "tags": ["aider", "coding", "imported"],
        "task": {"prompt": prompt, "language": "", "answer_format": ""},
        "overview": OVERVIEW,
        "source": source.as_json(
            f"Aider leaderboard data ({file.name})", AIDER_URL, AIDER_LICENCE
        ),
    }


OVERVIEW = (
    "Imported from Aider's leaderboard data, one row per benchmark run. **Score** is the "
    "share of exercises whose tests pass after the last try. **Latency** is the mean wall "
    "time per exercise, including test runs. **Cost** is what Aider recorded for the whole "
    "run; Aider writes 0 when it did not track the cost, so those cells are left empty. "
    "Token counts are shown only where the file records them and a list price is known."
)
