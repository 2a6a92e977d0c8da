"""Build-scale benchmark: N synthetic reports of 25 models, generation against mkdocs build.

Run ``python -m benchsite.bench_build`` (or ``make bench-build``). Each measurement runs in
a fresh subprocess of its own in a temporary folder, so peak memory is that command's alone.
Snippet doctests and chart images are left out (the synthetic reports have no snippets, and
images are cached by content in normal builds), and the plotly.js package starts in the
folder's cache as it does after a repository's first build; everything else is the real
build. A site of no reports measures the fixed start-up, so the time per report can be
shown without it. The Markdown table it prints is also written to ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import vendor

ROOT = Path(__file__).resolve().parents[2]
MODELS = 25


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def synthetic_data(folder: Path, reports: int) -> None:
    """``reports`` report folders of `MODELS` models each, with prices for every model."""
    (folder / "reports").mkdir(parents=True)
    prices = ["model,input_usd_per_mtok,output_usd_per_mtok,effective_date,source"]
    prices += [
        f"Model {m:02d},{1 + m % 5},{5 + m % 7},2026-01-01,synthetic" for m in range(MODELS)
    ]
    (folder / "prices.csv").write_text("\n".join(prices) + "\n")
    for r in range(reports):
        report = folder / "reports" / f"r{r:04d}"
        report.mkdir()
        rows = ["model,latency_ms,input_tokens,output_tokens,cost_usd,correct,verdict"]
        rows += [
            f"Model {m:02d},{1000 + (r * 37 + m * 101) % 9000},{100 + m},{500 + r % 300},,"
            f"{'true' if (r + m) % 3 else 'false'},Synthetic verdict {m}"
            for m in range(MODELS)
        ]
        (report / "results.csv").write_text("\n".join(rows) + "\n")
        meta = {
            "title": f"Synthetic report {r:04d}",
            "summary": "Generated for timing.",
            "date": f"2026-{1 + r % 12:02d}-{1 + r % 28:02d}",
            "tags": [f"t{r % 7}"],
            "task": {"prompt": "Say something."},
            "analysis": [{"model": f"Model {m:02d}", "text": "Fine."} for m in range(3)],
            "winner": {"model": "Model 00", "why": "It is first."},
        }
        (report / "report.json").write_text(json.dumps(meta))


def timed(command: list[str], cwd: Path) -> Run:
    """Wall time and peak resident memory of one child process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "BENCHSITE_CHROMIUM": ""}
    started = time.perf_counter()
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(
            f"{command} failed:\n{child.stderr.read().decode() if child.stderr else ''}"
        )
    return Run(seconds, usage.ru_maxrss / 1024)


def measure(reports: int, work: Path) -> dict[str, float]:
    """Generate, regenerate and build ``reports`` synthetic reports inside ``work``."""
    synthetic_data(work / "data", reports)
    shutil.copytree(
        ROOT / "docs" / "assets",
        work / "docs" / "assets",
        ignore=shutil.ignore_patterns("vendor", "generated"),
    )
    shutil.copy(ROOT / "docs" / "performance.md", work / "docs" / "performance.md")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    seed_npm_cache(work / ".cache" / "npm")
    generate = [sys.executable, "-m", "benchsite.cli", "generate"]

    first = timed(generate, work)
    stamps = {p: p.stat().st_mtime_ns for p in (work / "docs").rglob("*") if p.is_file()}
    second = timed(generate, work)
    rewritten = sum(p.stat().st_mtime_ns != t for p, t in stamps.items())
    mkdocs = timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", "site"], work)
    return {
        "reports": reports,
        "generate_s": first.seconds,
        "regenerate_s": second.seconds,
        "rewritten": rewritten,
        "mkdocs_s": mkdocs.seconds,
        "ratio": first.seconds / mkdocs.seconds,
        "generate_mib": first.peak_mib,
        "mkdocs_mib": mkdocs.peak_mib,
    }


def seed_npm_cache(folder: Path) -> None:
    """The pinned plotly.js package, fetched once into the repository's own cache, copied
    into ``folder`` so no timing depends on the npm registry."""
    tarball = vendor.fetch(vendor.BASIC, ROOT / ".cache" / "npm")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(tarball, folder / tarball.name)


def table(rows: list[dict[str, float]]) -> str:
    """The rows as Markdown; time per report beyond start-up needs a row of no reports."""
    start_up = next((r["generate_s"] for r in rows if r["reports"] == 0), None)
    head = (
        "| reports | generate (s) | per report (ms) | per report beyond start-up (ms) "
        "| regenerate (s) | files rewritten | mkdocs build (s) | generate / mkdocs "
        "| peak MiB generate | peak MiB mkdocs |"
    )
    lines = [head, "|" + "---:|" * 10]
    for r in rows:
        lines.append(
            f"| {r['reports']:.0f} | {r['generate_s']:.2f} | {per_report(r, 0.0)} "
            f"| {per_report(r, start_up)} "
            f"| {r['regenerate_s']:.2f} | {r['rewritten']:.0f} | {r['mkdocs_s']:.2f} "
            f"| {r['ratio']:.2f} | {r['generate_mib']:.0f} | {r['mkdocs_mib']:.0f} |"
        )
    return "\n".join(lines)


def per_report(row: dict[str, float], start_up: float | None) -> str:
    """Milliseconds of generation per report after ``start_up`` seconds, or a dash."""
    if not row["reports"] or start_up is None:
        return "\u2014"
    return f"{1000 * (row['generate_s'] - start_up) / row['reports']:.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 10, 100, 500])
    parser.add_argument(
        "--page",
        type=Path,
        default=ROOT / "docs" / "performance.md",
        help="where to write the performance page (docs/performance.md)",
    )
    args = parser.parse_args(argv)
    rows = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-build-") as work:
            rows.append(measure(size, Path(work)))
    result = table(rows)
    print(result)
    args.page.write_text(
        PAGE.format(
            models=MODELS, table=result, python=sys.version.split()[0], cores=os.cpu_count()
        )
    )


PAGE = """---
title: Build performance
---

# Build performance

Written by `make bench-build` (`scripts/benchsite/bench_build.py`); do not edit by hand.

Synthetic reports of {models} models each, in a temporary folder. *generate* is
`benchsite generate` (validate, compute, render, write pages, chart files and data files;
no snippet doctests, since the synthetic reports have none, and no chart images, which a
normal build keeps in a cache by content); the plotly.js package starts in the folder's
cache, as after a repository's first build. *per report* divides the whole generation by
the number of reports; *per report beyond start-up* first takes off the time of the site
of no reports (starting Python, importing, the site-wide files). *regenerate* runs it again
on unchanged data, and *files rewritten* counts files whose modification time changed.
*mkdocs build* builds the generated docs. Each figure comes from its own process; peak
memory is its resident set. Python {python}, {cores} cores; all rows measured in one run.

{table}
"""


if __name__ == "__main__":
    main()
