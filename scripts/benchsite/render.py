"""Page contexts, the Jinja2 environment, and writing generated files under ``docs/``.

Templates live in ``templates/`` and are named after the page they make; partials start
with ``_``. Each page template receives one typed context whose fields are documented with
``doc(...)`` (a test checks that none is missing). Templates lay out and format; every figure
and every "best" is decided here or in `metrics`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from slugify import slugify

from . import text
from .charts import Chart, ChartPage, model_colours
from .metrics import METRICS, Metric, PricedRow, best_models, significant, whole
from .model import Report, Site
from .snippets import SnippetResult

log = logging.getLogger(__name__)

MANIFEST = ".generated.json"


def doc(description: str, **kwargs: Any) -> Any:
    """A dataclass field carrying its documentation, read by tests and by humans."""
    return field(metadata={"doc": description}, **kwargs)


@dataclass(frozen=True)
class Cell:
    """A formatted table cell; ``value`` is the raw number for sorting, or None if unknown."""

    text: str = doc("The value as shown, or an em dash when unknown.")
    value: str | None = doc("Machine-readable value for sorting; None when unknown.")
    best: bool = doc("True when this is the best value in its column.")


@dataclass(frozen=True)
class ResultLine:
    """One row of a report's results table."""

    model: str = doc("Model name, as in results.csv (escaped by the template).")
    anchor: str = doc("Id of the model's analysis heading on the page, or empty.")
    colour: str = doc("The model's chart colour, the same on every page.")
    correct: bool | None = doc("Pass/fail verdict, None when not given.")
    score: float | None = doc("Graded verdict between 0 and 1, None when not given.")
    cells: list[Cell] = doc("One cell per metric, in `METRICS` order.")
    cost_recomputed: bool = doc("True when the cost is tokens x price, False when reported.")
    run_date: str = doc("Day the model was run, or an em dash.")
    price_date: str = doc("Effective date of the price used, or an em dash.")
    verdict: Markup = doc("The verdict as safe HTML.")


@dataclass(frozen=True)
class SnippetView:
    """A tested snippet as shown on the report page."""

    title: str = doc("Snippet title from report.json.")
    description: Markup = doc("Description as sanitised HTML.")
    file_name: str = doc("File name, shown as the code block's title.")
    code: Markup = doc("The whole file as a fenced Markdown code block.")
    passed: int = doc("Examples that passed when the site was built.")
    attempted: int = doc("Examples that ran when the site was built.")


@dataclass(frozen=True)
class ReportPage:
    """Context of ``report.md.j2``: one report, everything already computed and escaped."""

    report: Report = doc("The validated report; templates read only its text fields.")
    title_yaml: str = doc("The title as an HTML-escaped YAML string for the front matter.")
    description_yaml: str = doc("The summary as plain, HTML-escaped front-matter text.")
    summary: Markup = doc("One-line summary as inline HTML.")
    metrics: list[Metric] = doc("Table columns, in order, from the metric registry.")
    rows: list[ResultLine] = doc("Results table rows, in results.csv order.")
    price_sources: list[str] = doc("Distinct price sources used by the rows.")
    charts: list[Chart] = doc("Charts of the report's figures, in display order.")
    snippets: list[SnippetView] = doc("Tested snippets, in report.json order.")
    winner_anchor: str = doc("Id of the winner's analysis heading, or empty.")
    verdict_label: str = doc("Heading of the verdict column: Correct, Score, or both.")
    anchors: dict[str, str] = doc(
        "Model name -> id of its analysis heading, unique on the page."
    )
    image_formats: tuple[str, ...] = doc(
        "Static image formats written for every chart; empty when the build had no browser.",
        default=(),
    )


@dataclass(frozen=True)
class ReportSummary:
    """A report's line on the home page."""

    slug: str = doc("URL name of the report.")
    title: str = doc("Report title (escaped by the template).")
    summary: Markup = doc("One-line summary as inline HTML.")
    date: str = doc("Publication date, YYYY-MM-DD.")
    tags: list[str] = doc("Tags (escaped by the template).")
    models: int = doc("Number of models in the report.")
    winner: str = doc("Winning model, or an em dash.")
    cheapest: Cell = doc("Lowest known cost with its model, or an em dash.")
    fastest: Cell = doc("Lowest known latency with its model, or an em dash.")


@dataclass(frozen=True)
class HomePage:
    """Context of ``index.md.j2``: every report, newest first."""

    reports: list[ReportSummary] = doc("One entry per report, newest first.")
    tags: list[str] = doc("Every tag used by a report, sorted, for the filter.")


@functools.cache
def environment() -> jinja2.Environment:
    """Autoescaping environment: every value is escaped unless it is already `Markup`.

    One per process: the environment keeps each template compiled, and compiling took
    longer than rendering."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("benchsite", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        markdown=text.markdown_html,
        inline=text.inline_html,
        heading=text.heading_text,
        fenced=text.fenced,
        sig=significant,
        whole=whole,
    )
    return env


def unique_slugs(names: list[str] | set[str]) -> dict[str, str]:
    """A distinct URL name per name, in sorted order; a clash (``GPT 4o`` and ``GPT-4o``)
    gets a numbered suffix, so ids and page addresses never collide."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(set(names)):
        base = slugify(name) or "model"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        slugs[name] = slug
        taken.add(slug)
    return slugs


def report_page(
    report: Report,
    rows: list[PricedRow],
    results: dict[Path, SnippetResult],
    colours: dict[str, str],
    charts: list[Chart],
    image_formats: tuple[str, ...] = (),
) -> ReportPage:
    """Compute everything the report template shows; ``rows`` are the report's priced
    rows."""
    analysed = {a.model for a in report.meta.analysis}
    anchors = {
        name: f"analysis-{slug}"
        for name, slug in unique_slugs([r.model for r in rows]).items()
    }
    best = {key: best_models(rows, metric) for key, metric in METRICS.items()}
    lines = [
        result_line(r, best, colours, anchors[r.model] if r.model in analysed else "")
        for r in rows
    ]
    sources = sorted({r.price.source for r in rows if r.price})
    winner = report.meta.winner
    return ReportPage(
        report=report,
        title_yaml=text.front_matter_text(report.meta.title),
        description_yaml=text.front_matter_text(text.plain_text(report.meta.summary)),
        summary=text.inline_html(report.meta.summary),
        metrics=list(METRICS.values()),
        rows=lines,
        price_sources=sources,
        charts=charts,
        snippets=[snippet_view(results[s.file]) for s in report.snippets],
        winner_anchor=anchors.get(winner.model, "") if winner else "",
        anchors=anchors,
        verdict_label=verdict_label(report),
        image_formats=image_formats,
    )


def verdict_label(report: Report) -> str:
    """ "Correct" for pass/fail results, "Score" for graded ones, both when mixed."""
    graded = any(r.score is not None for r in report.results)
    passed = any(r.correct is not None for r in report.results)
    return "Correct or score" if graded and passed else "Score" if graded else "Correct"


def result_line(
    row: PricedRow, best: dict[str, set[str]], colours: dict[str, str], anchor: str
) -> ResultLine:
    cells = []
    for key, metric in METRICS.items():
        value = metric.value(row)
        cells.append(
            Cell(
                text=metric.format(value) if value is not None else "\u2014",
                value=None if value is None else str(value),
                best=row.model in best[key],
            )
        )
    return ResultLine(
        model=row.model,
        anchor=anchor,
        colour=colours[row.model],
        correct=row.row.correct,
        score=row.row.score,
        cells=cells,
        cost_recomputed=row.cost_recomputed,
        run_date=str(row.row.run_date or "\u2014"),
        price_date=str(row.price.effective_date) if row.price else "\u2014",
        verdict=text.plain_html(row.row.verdict or ""),
    )


def snippet_view(result: SnippetResult) -> SnippetView:
    snippet = result.snippet
    return SnippetView(
        title=snippet.ref.title,
        description=text.markdown_html(snippet.ref.description),
        file_name=snippet.file.name,
        code=text.fenced(snippet.code, "python", snippet.file.name),
        passed=result.attempted - result.failed,
        attempted=result.attempted,
    )


def report_summary(page: ReportPage, rows: list[PricedRow]) -> ReportSummary:
    """The report's home-page line, reusing the summary its page already rendered."""
    report = page.report
    return ReportSummary(
        slug=report.slug,
        title=report.meta.title,
        summary=page.summary,
        date=str(report.meta.date),
        tags=report.meta.tags,
        models=len(rows),
        winner=report.meta.winner.model if report.meta.winner else "\u2014",
        cheapest=lowest(rows, METRICS["cost_usd"], " USD"),
        fastest=lowest(rows, METRICS["latency_ms"], " ms"),
    )


def lowest(rows: list[PricedRow], metric: Metric, unit: str) -> Cell:
    """The lowest known value with its model; the raw value lets the home table sort."""
    known = [r for r in rows if metric.value(r) is not None]
    if not known:
        return Cell("\u2014", None, False)
    row = min(known, key=lambda r: metric.value(r))  # type: ignore[arg-type, return-value]
    value = metric.value(row)
    shown = f"{metric.format(value)}{unit} ({row.model})"  # type: ignore[arg-type]
    return Cell(shown, str(value), False)


def render_site(
    site: Site,
    priced: dict[str, list[PricedRow]],
    results: dict[Path, SnippetResult],
    charts: dict[str, ChartPage],
    image_formats: tuple[str, ...] = (),
) -> dict[str, str]:
    """Every generated page, as ``{path under docs/: Markdown}``; ``priced`` holds each
    report's rows (see `metrics.site_rows`) and ``charts`` each page's charts by its folder
    (see `embed.site_pages`)."""
    env = environment()
    colours = model_colours([row.model for r in site.reports for row in r.results])
    template = env.get_template("report.md.j2")
    pages = {}
    summaries = []
    for report in site.reports:
        rows = priced[report.slug]
        shown = charts[f"reports/{report.slug}/"].charts
        context = report_page(report, rows, results, colours, shown, image_formats)
        # A page file beside the report's folder of chart files: one navigation entry.
        pages[f"reports/{report.slug}.md"] = template.render(page=context)
        summaries.append(report_summary(context, rows))
    from .crossreport import render_pages

    leaderboard = charts["leaderboard/"].charts[0]
    pages.update(render_pages(env, site, priced, leaderboard, image_formats))
    tags = sorted({tag for r in site.reports for tag in r.meta.tags})
    home = HomePage(reports=summaries, tags=tags)
    pages["index.md"] = env.get_template("index.md.j2").render(page=home)
    return pages


@dataclass(frozen=True)
class Written:
    """What `write_files` changed under ``docs/``, and how to put it back."""

    written: int
    removed: int
    # Path under docs/ -> its bytes before the write, or None where there was no file.
    undo: dict[str, bytes | None]


def write_files(files: dict[str, str | bytes], docs_dir: Path) -> Written:
    """Write generated files, skipping those whose content is unchanged, and delete files
    that an earlier generation wrote but this one did not."""
    manifest = docs_dir / MANIFEST
    previous = set(json.loads(manifest.read_text())) if manifest.exists() else set()
    undo: dict[str, bytes | None] = {}
    for name, content in sorted(files.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = docs_dir / name
        old = path.read_bytes() if path.exists() else None
        if old != data:
            undo[name] = old
            replace_file(path, data)

    stale = sorted(previous - set(files))
    for name in stale:
        path = docs_dir / name
        undo[name] = path.read_bytes() if path.exists() else None
        path.unlink(missing_ok=True)
    new_manifest = json.dumps(sorted(files), indent=0).encode("utf-8")
    old_manifest = manifest.read_bytes() if manifest.exists() else None
    if old_manifest != new_manifest:
        undo[MANIFEST] = old_manifest
        replace_file(manifest, new_manifest)
    written = len(undo) - len(stale) - (MANIFEST in undo)
    return Written(written, len(stale), undo)


def forget_generated(docs_dir: Path) -> int:
    """Delete every file the last generation wrote, and the manifest; returns how many."""
    manifest = docs_dir / MANIFEST
    names = json.loads(manifest.read_text()) if manifest.exists() else []
    for name in names:
        (docs_dir / name).unlink(missing_ok=True)
    manifest.unlink(missing_ok=True)
    for folder in sorted((p for p in docs_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return len(names)


def replace_file(path: Path, data: bytes) -> None:
    # Written beside the target and renamed over it, so no reader sees half a file.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def restore(written: Written, docs_dir: Path) -> None:
    """Put back every file `write_files` changed, after a build that failed later on."""
    for name, data in written.undo.items():
        if data is None:
            (docs_dir / name).unlink(missing_ok=True)
        else:
            replace_file(docs_dir / name, data)
