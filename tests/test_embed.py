"""Each chart's own files (embed page, figure JSON, CSV, SVG, PNG) and the served plotly.js."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from benchsite import embed, vendor
from benchsite.build import Paths
from benchsite.charts import Chart
from benchsite.load import load_site
from benchsite.metrics import site_rows

REPORT = "reports/async-cache-race/"
KEYS = ["cost", "latency", "cost-latency"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def report(built_site: Paths) -> BeautifulSoup:
    return soup(built_site.site / REPORT / "index.html")


@pytest.mark.parametrize("key", KEYS)
def test_every_chart_has_its_files(built_site: Paths, report: BeautifulSoup, key: str) -> None:
    folder = built_site.site / REPORT / "charts" / key
    assert (folder / f"{key}.svg").read_text().startswith("<svg")
    assert (folder / f"{key}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    on_page = report.select_one(f'.bench-chart[data-chart="{key}"]')["data-figure"]
    assert json.loads((folder / f"{key}.json").read_text()) == json.loads(on_page)
    rows = list(csv.reader((folder / f"{key}.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[0][0] == "Model" and len(rows) == 4


def test_csv_holds_the_exact_numbers(built_site: Paths) -> None:
    path = built_site.site / REPORT / "charts/cost-latency/cost-latency.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows == [
        ["Model", "Latency (ms)", "Cost (USD)"],
        ["Claude Haiku 4.5", "5555", "0.003001"],
        ["Claude Sonnet 4.6", "18645", "0.013248"],
        ["Claude Opus 4.7", "19669", "0.067635"],
    ]


def test_links_under_each_chart_lead_to_files_that_exist(
    built_site: Paths, report: BeautifulSoup
) -> None:
    for key in KEYS:
        figure = report.select_one(f"#chart-{key}").find_parent("div", class_="tabbed-block")
        links = [a["href"] for a in figure.select(".bench-chart-links a")]
        assert len(links) == 5  # SVG, PNG, JSON, CSV, the chart's own page
        for href in links:
            target = built_site.site / REPORT / href
            assert (target / "index.html" if href.endswith("/") else target).is_file(), href
        snippet = figure.select_one("textarea.bench-embed-code")
        assert snippet["data-src"] == f"charts/{key}/"
        assert 'src="charts/' in snippet.get_text()


def test_embed_page_is_standalone_and_links_back(built_site: Paths) -> None:
    page_url = f"https://bench.example/{REPORT}charts/cost/"
    page = soup(built_site.site / REPORT / "charts/cost/index.html")
    assert not page.select(".md-header, .md-sidebar, nav")
    chart = page.select_one(".bench-chart[data-fill=yes]")
    assert json.loads(chart["data-figure"])["data"]
    assert chart["aria-label"].startswith("Cost per model. Bar chart")
    back = page.select_one("figcaption a[target=_blank]")
    assert urljoin(page_url, back["href"]) == f"https://bench.example/{REPORT}"
    for ref in [
        page.select_one("script[src]")["src"],
        page.select_one("link[rel=stylesheet]")["href"],
    ]:
        resolved = urljoin(page_url, ref).removeprefix("https://bench.example/")
        assert (built_site.site / resolved).is_file(), ref


def test_site_serves_the_basic_plotly_bundle_with_its_licence(built_site: Paths) -> None:
    bundle = (built_site.site / vendor.BUNDLE_PATH).read_text(encoding="utf-8")
    assert bundle.startswith("/**\n* plotly.js (basic - minified) v4.1.1")
    licence = (built_site.site / vendor.LICENCE_PATH).read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence


def test_tampered_cached_bundle_is_fetched_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCHSITE_CACHE", str(tmp_path))
    good = vendor.fetch(vendor.BASIC, tmp_path / "npm")
    good.write_bytes(b"not the package")
    again = vendor.fetch(vendor.BASIC, tmp_path / "npm")
    assert vendor.integrity(again) == vendor.BASIC.integrity


def test_without_chromium_images_are_skipped_with_one_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("BENCHSITE_CHROMIUM", "")
    site = load_site(Path(__file__).resolve().parent.parent / "data")
    with caplog.at_level(logging.INFO):
        made = embed.chart_files(embed.site_pages(site, site_rows(site)))
    assert made.image_formats == ()
    assert not [name for name in made.files if name.endswith((".svg", ".png"))]
    assert any(name.endswith("/charts/cost/index.html") for name in made.files)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "No Chromium found" in warnings[0]


def test_csv_keeps_names_from_running_as_spreadsheet_formulas() -> None:
    chart = Chart(
        "k",
        "T",
        "D",
        {},
        (),
        ("Model", "Cost"),
        (('=HYPERLINK("x")', "1"), ("-minus", "2"), ("plain", "3")),
    )
    assert [row[0] for row in chart.csv_rows()] == [
        "Model",
        '\'=HYPERLINK("x")',
        "'-minus",
        "plain",
    ]
