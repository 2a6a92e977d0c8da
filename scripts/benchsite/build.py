"""The build as named steps: load, test snippets, render, write, and run the site engine.

Each step logs one line. Nothing is written under ``docs/`` until every page has rendered,
and the site engine builds into a temporary folder that replaces ``site/`` only when it
succeeds, so a failed build leaves the last good pages and site in place.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import embed, snippets, vendor
from .errors import BenchError
from .load import load_site
from .metrics import site_rows
from .model import Site, json_schemas
from .publish import as_json, data_files
from .render import Written, forget_generated, render_site, restore, write_files

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Paths:
    """Where the build reads and writes; all relative to the repository root by default."""

    data: Path = Path("data")
    docs: Path = Path("docs")
    site: Path = Path("site")
    config: Path = Path("mkdocs.yml")


def validate(paths: Paths) -> Site:
    """Step 1: read and check every data file; list placeholders still to fill in."""
    site = load_site(paths.data)
    rows = sum(len(r.results) for r in site.reports)
    log.info(
        "Validated %d reports with %d result rows and %d prices",
        len(site.reports),
        rows,
        len(site.prices),
    )
    left = site.placeholders
    if left:
        log.warning("Left to fill in (%d):\n%s", len(left), "\n".join(map(str, left)))
    return site


def write_schema(paths: Paths) -> None:
    """Rewrite ``data/report.schema.json``, which report.json files name for editors."""
    target = paths.data / "report.schema.json"
    target.write_text(as_json(json_schemas()["report.schema.json"]), encoding="utf-8")
    log.info("Wrote %s", target)


def generate(paths: Paths, snippet_timeout: float = 60.0) -> Site:
    """Steps 1-4: validate, run snippet doctests, render pages, write them under docs/."""
    return write_pages(paths, snippet_timeout, publishable=False)[0]


def write_pages(
    paths: Paths, snippet_timeout: float, publishable: bool
) -> tuple[Site, Written]:
    """Steps 1-4; with ``publishable``, placeholders stop the build before anything is
    written."""
    site = validate(paths)
    if publishable and site.placeholders:
        raise BenchError(site.placeholders)

    results = snippets.run_all(site, timeout=snippet_timeout)
    examples = sum(r.attempted for r in results.values())
    log.info("Ran %d doctest examples in %d snippets; all passed", examples, len(results))

    priced = site_rows(site)
    chart_pages = embed.site_pages(site, priced)
    charts = embed.chart_files(chart_pages)
    files: dict[str, str | bytes] = dict(
        render_site(site, priced, results, chart_pages, charts.image_formats)
    )
    files.update(charts.files)
    files.update(vendor.plotly_files())
    log.info("Rendered %d pages", sum(name.endswith(".md") for name in files))
    files.update(data_files(site))

    written = write_files(files, paths.docs)
    log.info(
        "Wrote %d changed files under %s (%d unchanged, %d removed)",
        written.written,
        paths.docs,
        len(files) - written.written,
        written.removed,
    )
    return site, written


def build_site(paths: Paths, snippet_timeout: float = 60.0) -> None:
    """All steps: generate, then ``mkdocs build --strict`` into a folder swapped into place.
    When the site engine or the row check fails, the generated pages are put back too."""
    site, written = write_pages(paths, snippet_timeout, publishable=True)
    try:
        run_engine(paths, site)
    except BenchError:
        restore(written, paths.docs)
        raise


def run_engine(paths: Paths, site: Site) -> None:
    """``mkdocs build --strict`` into a temporary folder, checked, then swapped in."""
    started = time.perf_counter()
    parent = paths.site.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=parent))
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(paths.config),
        "--site-dir",
        str(staging),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BenchError(
            f"mkdocs build failed; {paths.site} is unchanged:\n"
            f"{done.stderr.strip() or done.stdout.strip()}"
        )
    try:
        count_rows(site, staging)
    except BenchError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, paths.site)
    log.info(
        "Built the site into %s with mkdocs in %.1f s",
        paths.site,
        time.perf_counter() - started,
    )


def clean(paths: Paths) -> None:
    """Remove the built site and every file a generation wrote under docs/."""
    written = forget_generated(paths.docs)
    shutil.rmtree(paths.site, ignore_errors=True)
    log.info("Removed %s and %d generated files under %s", paths.site, written, paths.docs)


def count_rows(site: Site, built: Path) -> None:
    """Every results row in ``data/`` must appear on its built report page."""
    missing = []
    for report in site.reports:
        html = (built / "reports" / report.slug / "index.html").read_text(encoding="utf-8")
        shown = html.count('<tr class="bench-row"')
        if shown != len(report.results):
            missing.append(
                f"{report.folder / 'results.csv'}: {len(report.results)} rows in "
                f"the data but {shown} on the page"
            )
    if missing:
        raise BenchError("result rows lost between data and site:\n" + "\n".join(missing))
    log.info(
        "Checked %d result rows: all on the site", sum(len(r.results) for r in site.reports)
    )


def swap_in(staging: Path, target: Path) -> None:
    # Two renames: the old site stays whole until the new one is complete.
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
