"""promptfoo output JSON (``promptfoo eval --output results.json``) -> one report.

The file's ``results.results`` lists one result per test case x prompt x provider. Results
are grouped by provider (its ``label``, else its ``id``), one row per provider, the same way
as Inspect samples:

- ``input_tokens``/``output_tokens``: totals of the provider's own ``response.tokenUsage``
  (``prompt``/``completion``), so that grading calls are not counted; the result's own
  ``tokenUsage`` is used only where the response has none.
- ``cost_usd``: the sum of each result's ``cost``, as promptfoo reported it.
- ``latency_ms``: mean ``latencyMs`` per result.
- ``score``: share of results with ``success`` true; ``correct`` as well for one result.

Per-result detail goes to ``samples.csv``.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from ..errors import BenchError
from .common import Fields, Imported, SourceInfo, fail, iso_day, md_cell
from .inspect_logs import total


def read_output(file: Path) -> Fields:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(file, "(file)", f"cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise fail(file, "(syntax)", f"not valid JSON: {exc.msg}", exc.lineno) from None
    return Fields(data, file, "")


def result_list(output: Fields) -> tuple[Fields, list[Any]]:
    """The object holding the result list, and the list."""
    inner = output.obj("results")
    assert inner is not None
    results = inner.data.get("results")
    if not isinstance(results, list) or not results:
        raise fail(
            output.file,
            "results.results",
            "expected a non-empty list of results "
            "(is this the JSON written by 'promptfoo eval --output'?)",
        )
    return inner, results


def provider_name(result: Fields) -> str:
    provider = result.data.get("provider")
    if isinstance(provider, str) and provider.strip():
        return provider.strip()
    if isinstance(provider, dict):
        for key in ("label", "id"):
            value = provider.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
    raise fail(result.file, result.path("provider"), "expected a provider id or {id, label}")


def import_promptfoo(files: list[Path], source: SourceInfo) -> Imported:
    if len(files) != 1:
        raise BenchError("promptfoo: give exactly one output file per report")
    output = read_output(files[0])
    inner, raw = result_list(output)
    day = run_day(output, inner)
    samples: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        samples.append(result_detail(Fields(item, output.file, f"results.results.{index}")))
    rows = [
        provider_row(name, [s for s in samples if s["model"] == name], day)
        for name in dict.fromkeys(s["model"] for s in samples)
    ]
    meta = report_meta(output, rows, samples, source, day.isoformat())
    return Imported(meta=meta, rows=rows, samples=samples)


def run_day(output: Fields, inner: Fields) -> Any:
    for holder in (inner, output):
        for key in ("timestamp", "createdAt"):
            value = holder.data.get(key)
            if isinstance(value, str):
                return iso_day(value, output.file, holder.path(key))
    raise fail(output.file, "results.timestamp", "missing; the run date is needed")


def result_detail(result: Fields) -> dict[str, Any]:
    response = result.obj("response", required=False)
    usage = (response.obj("tokenUsage", required=False) if response else None) or result.obj(
        "tokenUsage", required=False
    )
    success = result.data.get("success")
    if not isinstance(success, bool):
        raise fail(
            result.file,
            result.path("success"),
            f"expected true or false, found {success!r}"[:120],
        )
    answer = response.data.get("output") if response else None
    return {
        "model": provider_name(result),
        "sample_id": result.data.get("testIdx"),
        "prompt": prompt_text(result),
        "target": "",
        "answer": answer if isinstance(answer, str) else json.dumps(answer),
        "score_value": "pass" if success else "fail",
        "score": Decimal(int(success)),
        "input_tokens": usage.count("prompt") if usage else None,
        "output_tokens": usage.count("completion") if usage else None,
        "time_ms": result.number("latencyMs"),
        "cost": result.number("cost"),
    }


def prompt_text(result: Fields) -> str:
    prompt = result.data.get("prompt")
    if isinstance(prompt, dict):
        raw = prompt.get("raw")
        return raw if isinstance(raw, str) else ""
    return prompt if isinstance(prompt, str) else ""


def provider_row(name: str, samples: list[dict[str, Any]], day: Any) -> dict[str, Any]:
    times = [s["time_ms"] for s in samples]
    costs = [s["cost"] for s in samples]
    passed = sum(1 for s in samples if s["score"] == 1)
    return {
        "model": name,
        "latency_ms": None
        if None in times
        else (sum(times, Decimal(0)) / len(times)).quantize(Decimal(1), ROUND_HALF_UP),
        "input_tokens": total([s["input_tokens"] for s in samples]),
        "output_tokens": total([s["output_tokens"] for s in samples]),
        "cost_usd": None if None in costs else sum(costs, Decimal(0)),
        "score": passed / len(samples),
        "correct": bool(passed) if len(samples) == 1 else None,
        "run_date": day,
        "verdict": f"{passed} of {len(samples)} test results pass.",
    }


def report_meta(
    output: Fields,
    rows: list[dict[str, Any]],
    samples: list[dict[str, Any]],
    source: SourceInfo,
    day: str,
) -> dict[str, Any]:
    config = output.obj("config", required=False)
    description = config.text("description", required=False) if config else None
    title = description or f"promptfoo eval {output.data.get('evalId') or output.file.stem}"
    prompts = sorted({s["prompt"] for s in samples})
    return {
        "title": " ".join(title.split())[:200],
        "summary": md_cell(
            "; ".join(f"{r['model']}: {r['verdict'].rstrip('.')}" for r in rows), 300
        ),
        "date": day,
        "tags": ["promptfoo", "imported"],
        "task": {
            "prompt": f"{len(prompts)} distinct prompt(s); the first is shown as code.",
            "code": prompts[0] if prompts else "",
            "language": "text",
            "answer_format": "",
        },
        "overview": OVERVIEW,
        "source": source.as_json(f"promptfoo output {output.file.name}"),
    }


OVERVIEW = (
    "Imported from a promptfoo output file, one row per provider. **Score** is the share of "
    "test results that pass. **Latency** is the mean per result. **Tokens** and **cost** are "
    "totals over the provider's results as promptfoo recorded them."
)
