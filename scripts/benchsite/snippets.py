"""Runs every snippet's doctest examples, each in its own subprocess with a timeout.

Snippets are contributed code, so each runs with ``python -I -B`` (no user site, no PYTHON*
variables, no bytecode left beside the snippet) in an empty temporary folder with a minimal
environment; see CONTRIBUTING.md for the trust model.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import BenchError, Problem
from .model import Site, Snippet

log = logging.getLogger(__name__)

CHILD = Path(__file__).with_name("doctest_child.py")


@dataclass(frozen=True)
class SnippetResult:
    """How a snippet's examples fared: shown on the report page as 'N of N passed'."""

    snippet: Snippet
    attempted: int
    failed: int
    problems: tuple[Problem, ...] = ()


def run_all(site: Site, timeout: float = 60.0, workers: int = 2) -> dict[Path, SnippetResult]:
    """Run every snippet of every report; raise `BenchError` naming each failing example."""
    snippets = [s for report in site.reports for s in report.snippets]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda s: run_snippet(s, timeout), snippets))

    problems = [p for result in results for p in result.problems]
    if problems:
        raise BenchError(problems)
    return {result.snippet.file: result for result in results}


def run_snippet(snippet: Snippet, timeout: float) -> SnippetResult:
    """Run one snippet's doctests in a fresh interpreter inside an empty folder."""
    # The outcome files sit apart from the working folder, which the snippet sees empty.
    with (
        tempfile.TemporaryDirectory(prefix="benchsite-doctest-") as work,
        tempfile.TemporaryDirectory(prefix="benchsite-outcome-") as outcome,
    ):
        outcome_file = Path(outcome) / "outcome.json"
        env = {"PATH": os.defpath, "HOME": work, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        command = [
            sys.executable,
            "-I",
            "-B",
            str(CHILD),
            str(snippet.file.resolve()),
            str(outcome_file),
        ]
        try:
            done = subprocess.run(
                command,
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return failed(snippet, timeout_message(outcome_file, timeout))
        if done.returncode != 0 or not outcome_file.exists():
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return failed(snippet, f"could not be imported and run: {last}")
        return parse_outcome(snippet, json.loads(outcome_file.read_text(encoding="utf-8")))


def parse_outcome(snippet: Snippet, outcome: dict[str, object]) -> SnippetResult:
    """Turn the child's JSON into a result; each failing example becomes a problem."""
    failures = outcome["failures"]
    assert isinstance(failures, list)
    problems = tuple(
        Problem(
            snippet.file,
            int(f["line"]),
            "doctest",
            f"example `{f['source']}` expected {f['want'].strip()!r} but got "
            f"{f['got'].strip()!r}",
        )
        for f in failures
    )
    attempted, failed_count = outcome["attempted"], outcome["failed"]
    assert isinstance(attempted, int) and isinstance(failed_count, int)
    if attempted == 0:
        problems += (Problem(snippet.file, None, "doctest", "no example ran"),)
    log.debug(
        "%s: %d of %d examples passed", snippet.file, attempted - failed_count, attempted
    )
    return SnippetResult(snippet, attempted, failed_count, problems)


def timeout_message(outcome_file: Path, timeout: float) -> str:
    """Name the example that was running when the time ran out, when the child said."""
    running = outcome_file.with_suffix(".running")
    where = ""
    if running.exists():
        line, _, source = running.read_text(encoding="utf-8").partition("\n")
        where = f" in the example on line {line}, `{source.strip()}`"
    return (
        f"stopped after {timeout:g} s{where}; an example hangs or is too slow "
        "(examples must finish quickly)"
    )


def failed(snippet: Snippet, message: str) -> SnippetResult:
    return SnippetResult(snippet, 0, 1, (Problem(snippet.file, None, "doctest", message),))
