"""Every chart as files of its own: an embed page, the figure JSON, a CSV and static images.

A chart shown on ``<page>/`` lives in ``<page>/charts/<key>/``: ``index.html`` is a standalone
page without site navigation that fills its frame and takes ``?theme=light|dark``, next to
``<key>.json``, ``<key>.csv`` and, when Chromium is available, ``<key>.svg`` and ``<key>.png``.
The pages are plain HTML copied as they are by the site engine.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import jinja2

from . import crossreport, images
from .charts import Chart, ChartPage, model_colours, report_charts
from .metrics import PricedRow
from .model import Site
from .publish import rows_csv
from .render import environment

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChartFiles:
    """Files to write under ``docs/``, and the image formats among them (none without a
    browser)."""

    files: dict[str, str | bytes]
    image_formats: tuple[str, ...]


def site_pages(site: Site, priced: dict[str, list[PricedRow]]) -> dict[str, ChartPage]:
    """Every page with charts, by folder under docs/; ``priced`` holds each report's rows
    (see `metrics.site_rows`). Computed once per build and shared by the pages that show
    the charts and the files written for each chart."""
    colours = model_colours([row.model for r in site.reports for row in r.results])
    pages = [
        ChartPage(f"reports/{r.slug}/", r.meta.title, report_charts(priced[r.slug], colours))
        for r in site.reports
    ]
    board = crossreport.leaderboard_chart(site, priced, colours)
    pages.append(ChartPage("leaderboard/", "Leaderboard", [board]))
    return {page.folder: page for page in pages}


def chart_files(chart_pages: dict[str, ChartPage]) -> ChartFiles:
    """Embed pages, JSON and CSV of every chart, and its SVG and PNG when Chromium is found."""
    pages = list(chart_pages.values())
    files: dict[str, str | bytes] = {}
    template = environment().get_template("embed.html.j2")
    for page in pages:
        for chart in page.charts:
            files.update(own_files(template, page, chart))
    figures = {
        page.folder + chart.file(ext): chart.light_figure()
        for page in pages
        for chart in page.charts
        for ext in images.FORMATS
    }
    drawn = images.export(figures)
    files.update(drawn)
    log.info(
        "Wrote an embed page, JSON and CSV for each of %d charts",
        sum(len(p.charts) for p in pages),
    )
    return ChartFiles(files, images.FORMATS if drawn else ())


def own_files(
    template: jinja2.Template, page: ChartPage, chart: Chart
) -> dict[str, str | bytes]:
    depth = (page.folder + chart.folder).count("/")
    embed = template.render(
        chart=chart,
        page_title=page.title,
        root="../" * depth,
        back="../" * chart.folder.count("/"),
    )
    return {
        page.folder + chart.folder + "index.html": embed,
        page.folder + chart.file("json"): chart.json() + "\n",
        page.folder + chart.file("csv"): rows_csv(chart.csv_rows()),
    }
