"""Inspect AI evaluation logs (``.json``, or the zipped ``.eval`` format) -> one report.

A log is one task run against one model; every log given becomes one results row, so the
logs of one task run against several models make one comparison report.

Per sample the importer reads the prompt, target, answer, score, the answering model's
tokens and the wall time. They are written to ``samples.csv`` beside ``results.csv``, and
summarised per model, because the site's rows are per model:

- ``input_tokens``/``output_tokens``: totals over the samples, so that tokens x price is
  what the run cost. Only calls by the evaluated model outside scorer steps count: a
  sample's ``model_usage`` also holds the grader's calls (model-graded scorers often use
  the same model), and ``output.usage`` holds only the last call of an agent loop.
- ``latency_ms``: mean ``total_time`` per sample (wall clock, seconds in the log) in ms.
- ``score``: mean sample score (C = 1, P = 0.5, I and N = 0, numbers as given); ``correct``
  is set too when the log holds a single sample.

The ``.eval`` archive holds ``header.json`` (the log without samples; ``_journal/start.json``
while a run is still going) and one ``samples/<id>_epoch_<n>.json`` per sample.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..errors import BenchError
from .common import Fields, Imported, SourceInfo, fail, iso_day, md_cell, md_code, plain

LETTER_SCORES = {"C": Decimal(1), "P": Decimal("0.5"), "I": Decimal(0), "N": Decimal(0)}


def read_log(file: Path) -> dict[str, Any]:
    """A log as one JSON object with its samples, from either file format."""
    try:
        if file.suffix == ".eval":
            return read_eval_archive(file)
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(file, "(file)", f"cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise fail(file, "(syntax)", f"not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(data, dict):
        raise fail(file, "(document)", "expected an Inspect log object")
    return data


def read_eval_archive(file: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            heads = ("header.json", "_journal/start.json")
            head = next((n for n in heads if n in names), None)
            if head is None:
                raise fail(
                    file,
                    "header.json",
                    "missing from the archive; is this an Inspect .eval log?",
                )
            log: dict[str, Any] = archive_json(archive, head, file)
            sample_names = sorted(
                n for n in names if n.startswith("samples/") and n.endswith(".json")
            )
            log["samples"] = [archive_json(archive, n, file) for n in sample_names]
    except zipfile.BadZipFile:
        raise fail(file, "(file)", "not a zip archive; an .eval log is one") from None
    return log


def archive_json(archive: zipfile.ZipFile, name: str, file: Path) -> Any:
    try:
        data = json.loads(archive.read(name).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise fail(file, name, f"not valid JSON inside the archive: {exc}") from None
    if not isinstance(data, dict):
        raise fail(file, name, "expected a JSON object inside the archive")
    return data


def import_inspect(files: list[Path], source: SourceInfo) -> Imported:
    if not files:
        raise BenchError("inspect: give at least one log file")
    logs = [(file, Fields(read_log(file), file, "")) for file in files]
    tasks = {str(log.obj("eval").text("task")) for _, log in logs}  # type: ignore[union-attr]
    if len(tasks) > 1:
        names = ", ".join(sorted(tasks))
        raise BenchError(
            f"inspect: the logs are of different tasks ({names}); import each "
            "task as its own report"
        )
    rows: list[dict[str, Any]] = []
    samples: list[dict[str, Any]] = []
    for file, log in logs:
        row, detail = log_row(file, log)
        if any(r["model"].casefold() == row["model"].casefold() for r in rows):
            raise fail(
                file,
                "eval.model",
                f"{row['model']!r} already comes from another log "
                "given; import one run per model",
            )
        rows.append(row)
        samples.extend(detail)
    return Imported(meta=report_meta(logs, rows, samples, source), rows=rows, samples=samples)


def log_row(file: Path, log: Fields) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The results row of one log, and its per-sample detail."""
    header = log.obj("eval")
    assert header is not None
    model = header.text("model")
    assert model is not None
    raw_samples = log.data.get("samples") or []
    if not isinstance(raw_samples, list) or not raw_samples:
        raise fail(
            file,
            "samples",
            "the log holds no samples (was it written with "
            "--no-log-samples?); per-sample results are needed",
        )
    scorer = main_scorer(log)
    samples = [
        sample_detail(Fields(s, file, f"samples.{i}"), model, scorer)
        for i, s in enumerate(raw_samples)
    ]
    row = {
        "model": model,
        "latency_ms": mean_ms([s["time_ms"] for s in samples]),
        "input_tokens": total([s["input_tokens"] for s in samples]),
        "output_tokens": total([s["output_tokens"] for s in samples]),
        "score": mean_score([s["score"] for s in samples]),
        "correct": single_verdict(samples),
        "run_date": iso_day(header.text("created") or "", file, "eval.created"),
    }
    row["verdict"] = verdict(log, scorer, samples)
    return row, samples


def main_scorer(log: Fields) -> str | None:
    """The scorer whose results the log reports first; the one a row's score follows."""
    results = log.obj("results", required=False)
    scores = results.data.get("scores") if results else None
    if isinstance(scores, list) and scores and isinstance(scores[0], dict):
        name = scores[0].get("name")
        return name if isinstance(name, str) else None
    return None


def sample_detail(sample: Fields, model: str, scorer: str | None) -> dict[str, Any]:
    tokens = answer_usage(sample, model)
    seconds = sample.number("total_time")
    value, score = sample_score(sample, scorer)
    return {
        "model": model,
        "sample_id": sample.data.get("id"),
        "epoch": sample.data.get("epoch"),
        "prompt": prompt_text(sample),
        "target": target_text(sample),
        "answer": answer_text(sample),
        "score_value": value,
        "score": score,
        "input_tokens": tokens[0],
        "output_tokens": tokens[1],
        "time_ms": None if seconds is None else seconds * 1000,
    }


def resolve(sample: Fields, text: str) -> str:
    # Newer logs store long strings once, under the sample's attachments.
    if text.startswith("attachment://"):
        found = (sample.data.get("attachments") or {}).get(text.removeprefix("attachment://"))
        return found if isinstance(found, str) else text
    return text


def content_text(sample: Fields, content: Any) -> str:
    """Message content, a string or a list of parts, as plain text (text parts only)."""
    if isinstance(content, str):
        return resolve(sample, content)
    if isinstance(content, list):
        parts = [p.get("text") for p in content if isinstance(p, dict)]
        return "\n".join(resolve(sample, p) for p in parts if isinstance(p, str))
    return ""


def prompt_text(sample: Fields) -> str:
    value = sample.data.get("input")
    if isinstance(value, list):
        user = [m for m in value if isinstance(m, dict) and m.get("role") == "user"]
        return "\n\n".join(content_text(sample, m.get("content")) for m in user)
    if isinstance(value, str):
        return resolve(sample, value)
    raise fail(sample.file, sample.path("input"), "expected text or a list of messages")


def target_text(sample: Fields) -> str:
    value = sample.data.get("target", "")
    if isinstance(value, list):
        return " | ".join(resolve(sample, str(v)).strip() for v in value)
    return resolve(sample, str(value)).strip()


def answer_text(sample: Fields) -> str:
    output = sample.obj("output", required=False)
    choices = output.data.get("choices") if output else None
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        message = choices[0].get("message") or {}
        return content_text(sample, message.get("content")).strip()
    return ""


def sample_score(sample: Fields, scorer: str | None) -> tuple[str | None, Decimal | None]:
    """The sample's raw score value and its 0..1 reading."""
    scores = sample.obj("scores", required=False)
    if scores is None or not scores.data:
        return None, None
    name = scorer if scorer and scorer in scores.data else str(next(iter(scores.data)))
    entry = scores.obj(name)
    assert entry is not None
    value = entry.data.get("value")
    where = entry.path("value")
    if isinstance(value, str) and value in LETTER_SCORES:
        return value, LETTER_SCORES[value]
    if isinstance(value, bool):
        return str(value).lower(), Decimal(int(value))
    if isinstance(value, int | float):
        number = entry.number("value")
        if number is not None and 0 <= number <= 1:
            return str(value), number
    raise fail(
        sample.file,
        where,
        f"found {str(value)[:40]!r}; the importer reads C, P, I, "
        "N, true/false or a number from 0 to 1",
    )


def answer_usage(sample: Fields, model: str) -> tuple[int | None, int | None]:
    """Tokens of the evaluated model's own calls, leaving out calls made while scoring."""
    calls = list(solver_model_events(sample, model))
    if calls:
        usages = [
            Fields(e.get("output") or {}, sample.file, sample.path("events")).obj(
                "usage", required=False
            )
            for e in calls
        ]
    else:  # A log without events: the final call is all there is.
        output = sample.obj("output", required=False)
        usages = [output.obj("usage", required=False) if output else None]
    if any(u is None for u in usages):
        return None, None
    inputs = [u.count("input_tokens") for u in usages if u]
    outputs = [u.count("output_tokens") for u in usages if u]
    return total(inputs), total(outputs)


def solver_model_events(sample: Fields, model: str) -> Iterator[dict[str, Any]]:
    events = sample.data.get("events")
    if events is None:
        events = (sample.data.get("transcript") or {}).get("events")
    if not isinstance(events, list):
        return
    span_type: dict[Any, Any] = {}
    span_parent: dict[Any, Any] = {}
    in_scorer_step = False
    for event in (e for e in events if isinstance(e, dict)):
        kind = event.get("event")
        if kind == "span_begin":
            span_type[event.get("id")] = event.get("type")
            span_parent[event.get("id")] = event.get("parent_id")
        elif kind == "step" and event.get("type") == "scorer":  # older logs: no spans
            in_scorer_step = event.get("action") == "begin"
        elif (
            kind == "model"
            and event.get("model") == model
            and not in_scorer_step
            and not inside_scorer(event.get("span_id"), span_type, span_parent)
        ):
            yield event


def inside_scorer(span: Any, span_type: dict[Any, Any], span_parent: dict[Any, Any]) -> bool:
    seen = set()
    while span is not None and span not in seen:
        if span_type.get(span) == "scorer":
            return True
        seen.add(span)
        span = span_parent.get(span)
    return False


def total(values: list[int | None]) -> int | None:
    return None if not values or None in values else sum(v for v in values if v is not None)


def mean_ms(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known or len(known) != len(values):
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(Decimal(1), ROUND_HALF_UP)


def mean_score(values: list[Decimal | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(sum(known, Decimal(0)) / len(known)) if known else None


def single_verdict(samples: list[dict[str, Any]]) -> bool | None:
    if len(samples) != 1 or samples[0]["score"] not in (Decimal(0), Decimal(1)):
        return None
    return bool(samples[0]["score"] == 1)


def verdict(log: Fields, scorer: str | None, samples: list[dict[str, Any]]) -> str:
    scored = [s["score"] for s in samples if s["score"] is not None]
    text = (
        f"{plain(sum(scored, Decimal(0)), 1)} of {len(scored)} samples correct"
        f" ({scorer or 'scorer'})"
        if scored
        else "no sample was scored"
    )
    status = log.text("status", required=False)
    header = log.obj("eval")
    dataset = header.obj("dataset", required=False) if header else None
    planned = dataset.count("samples") if dataset else None
    if status and status != "success":
        text += f"; run {status}"
    if planned is not None and planned > len(samples):
        text += f"; {len(samples)} of the dataset's {planned} samples were run"
    return text + "."


def report_meta(
    logs: list[tuple[Path, Fields]],
    rows: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    source: SourceInfo,
) -> dict[str, Any]:
    first_file, first = logs[0]
    header = first.obj("eval")
    assert header is not None
    task = header.text("task") or first_file.stem
    prompts = sorted({s["prompt"] for s in samples})
    example = prompts[0] if prompts else ""
    summary = "; ".join(f"{r['model']}: {r['verdict'].rstrip('.')}" for r in rows)
    return {
        "title": f"Inspect eval: {task}",
        "summary": md_cell(summary, 300),
        "date": max(row["run_date"] for row in rows).isoformat(),
        "tags": ["inspect", "imported"],
        "task": {
            "prompt": (
                f"The Inspect task {md_code(task)}, {len(prompts)} distinct "
                "prompt(s). The first, verbatim, is shown as code."
            ),
            "code": example,
            "language": "text",
            "answer_format": "",
        },
        "overview": OVERVIEW,
        "analysis": [
            {"model": row["model"], "text": sample_table(row["model"], samples)}
            for row in rows
        ],
        "source": source.as_json(f"Inspect log {', '.join(f.name for f, _ in logs)}"),
    }


def sample_table(model: str, samples: list[dict[str, Any]]) -> str:
    lines = [
        "| sample | target | answer | score | tokens in/out | ms |",
        "|---|---|---|---|---|---|",
    ]
    for s in (s for s in samples if s["model"] == model):
        tokens = (
            f"{s['input_tokens'] if s['input_tokens'] is not None else '?'}/"
            f"{s['output_tokens'] if s['output_tokens'] is not None else '?'}"
        )
        ms = "?" if s["time_ms"] is None else f"{s['time_ms']:.0f}"
        lines.append(
            f"| {md_cell(str(s['sample_id']), 20)} | {md_cell(s['target'], 50)} "
            f"| {md_cell(s['answer'], 80)} | {md_cell(str(s['score_value']), 10)} "
            f"| {tokens} | {ms} |"
        )
    return "\n".join(lines)


OVERVIEW = (
    "Imported from Inspect evaluation logs, one row per model. **Score** is the mean sample "
    "score. **Latency** is the mean wall time per sample. **Tokens** are totals over all "
    "samples and count only the evaluated model's own calls, not a grading model's. Each "
    "model's section lists its samples; the per-sample CSV under Results has them "
    "in full."
)
