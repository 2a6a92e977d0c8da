"""End-to-end: build the site from the repository's data and read the report page's HTML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchsite.build import Paths

SEED = {
    "Claude Haiku 4.5": ("5555", "121", "576", "0.003"),
    "Claude Sonnet 4.6": ("18645", "121", "859", "0.01325"),
    "Claude Opus 4.7": ("19669", "159", "870", "0.06764"),
}
SECTIONS = [
    "task",
    "results",
    "charts",
    "analysis",
    "winner",
    "takeaways",
    "tested-code",
    "further-reading",
    "faq",
]


def page(paths: Paths, relative: str) -> BeautifulSoup:
    html = (paths.site / relative).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def report(built_site: Paths) -> BeautifulSoup:
    return page(built_site, "reports/async-cache-race/index.html")


def table_rows(soup: BeautifulSoup) -> dict[str, dict[str, str]]:
    table = soup.select_one("table.bench-results")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    rows = {}
    for tr in table.select("tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = dict(zip(headers, cells, strict=True))
    return rows


def test_report_table_has_every_seed_figure(report):
    rows = table_rows(report)
    assert set(rows) == set(SEED)
    for model, (latency, inp, out, cost) in SEED.items():
        row = rows[model]
        assert row["Latency (ms)"].replace(",", "") == latency
        assert row["Input tokens"] == inp
        assert row["Output tokens"] == out
        # The recomputed cost, rounded as the source rounded it, equals the reported one.
        decimals = len(cost.split(".")[1])
        assert f"{float(row['Cost (USD)']):.{decimals}f}" == cost


def test_report_table_marks_best_values_and_shows_price_date(report):
    rows = table_rows(report)
    best = {
        (td.find_parent("tr").th.get_text(strip=True), i)
        for td in report.select("td.bench-best")
        for i, sib in enumerate(td.find_parent("tr").find_all("td"))
        if sib is td
    }
    haiku = "Claude Haiku 4.5"
    assert {model for model, _ in best} == {haiku, "Claude Sonnet 4.6"}  # tie on input tokens
    assert all(row["Price date"] == "2026-12-03" for row in rows.values())


def test_report_has_every_section_in_order(report):
    ids = [h["id"] for h in report.select("article h2[id]")]
    assert ids == SECTIONS


def test_report_task_shows_prompt_highlighted_code_and_format(report):
    assert "intermittently returns stale data" in report.select_one(".bench-prompt").text
    code = report.select(".highlight code")[0].get_text()
    assert "async def get_or_fetch(key, fetcher):" in code
    assert report.select(".highlight")[0].select("span")  # highlighted, not plain
    assert "Why it happens" in report.select_one(".bench-answer-format").text


def test_report_charts_carry_their_figure_data(report):
    charts = report.select(".bench-chart")
    assert [c["data-chart"] for c in charts] == ["cost", "latency", "cost-latency"]
    for chart in charts:
        figure = json.loads(chart["data-figure"])
        assert figure["data"], chart["data-chart"]
        assert chart["aria-label"]
    cost = json.loads(charts[0]["data-figure"])["data"][0]
    assert cost["x"] == list(SEED)
    assert [round(v, 5) for v in cost["y"]] == [0.003, 0.01325, 0.06764]
    scatter = json.loads(charts[2]["data-figure"])["data"]
    colours = {t["name"]: t["marker"]["color"] for t in scatter}
    assert cost["marker"]["color"] == [colours[m] for m in SEED]  # one colour per model


def test_report_analysis_winner_takeaways_faq(report):
    analysed = [h.get_text(strip=True).rstrip("¶") for h in report.select("h3[id^=analysis-]")]
    assert analysed == list(SEED)
    assert report.select_one(".bench-winner").get_text(strip=True) == "Claude Sonnet 4.6"
    assert len(report.select(".bench-takeaways li")) == 4
    faq = report.select("details.bench-faq")
    assert len(faq) == 4 and all(d.summary.get_text(strip=True) for d in faq)
    links = [a["href"] for a in report.select(".bench-reading a")]
    assert "https://docs.python.org/3/library/asyncio-sync.html" in links


def test_report_shows_each_snippet_with_its_examples_passed(report):
    statuses = [p.get_text(strip=True) for p in report.select(".bench-doctest-status")]
    assert len(statuses) == 4
    for status in statuses:
        passed, _, attempted = status.split()[:3]
        assert int(passed) == int(attempted) > 0


def test_home_lists_report_with_key_figures(built_site):
    home = page(built_site, "index.html")
    row = home.select_one("table.bench-reports tbody tr")
    assert row.a["href"] == "reports/async-cache-race/"
    text = row.get_text(" ", strip=True)
    assert "Claude Sonnet 4.6" in text and "0.003001 USD (Claude Haiku 4.5)" in text


def test_plotly_is_served_by_the_site_and_loaded_by_the_chart_script(built_site):
    assert (built_site.site / "assets/vendor/plotly.min.js").stat().st_size > 100_000
    report = page(built_site, "reports/async-cache-race/index.html")
    scripts = [s.get("src", "") for s in report.select("script[src]")]
    assert any(src.endswith("assets/charts.js") for src in scripts)
    assert not any("plotly" in src or src.startswith("http") for src in scripts)


def test_failed_build_keeps_previous_site(project, edit):
    from benchsite.build import build_site
    from benchsite.errors import BenchError

    build_site(project)
    before = (project.site / "reports/async-cache-race/index.html").read_bytes()
    edit(project.data / "reports/async-cache-race/results.csv", "5555", "fast")
    with pytest.raises(BenchError):
        build_site(project)
    assert (project.site / "reports/async-cache-race/index.html").read_bytes() == before
    assert not list(Path(project.site.parent).glob(".site-*"))


def test_unknown_values_show_a_dash_and_leave_the_model_out_of_charts(project):
    from benchsite.build import build_site

    results = project.data / "reports/async-cache-race/results.csv"
    with results.open("a") as handle:
        handle.write("Quiet Model,,,,,,,No figures published.\n")
    build_site(project)
    soup = page(project, "reports/async-cache-race/index.html")
    row = table_rows(soup)["Quiet Model"]
    for column in ("Latency (ms)", "Input tokens", "Output tokens", "Cost (USD)", "Correct"):
        assert row[column] == "\u2014", column
    text = soup.get_text()
    assert "nan" not in text.split() and "None" not in text.split()
    for chart in soup.select(".bench-chart"):
        figure = json.loads(chart["data-figure"])
        assert "Quiet Model" not in json.dumps(figure["data"])
        caption = chart.find_parent("figure").figcaption.get_text()
        assert "Not shown, value unknown: Quiet Model." in caption


def docs_tree(paths: Paths) -> dict[str, bytes]:
    return {
        str(p.relative_to(paths.docs)): p.read_bytes()
        for p in sorted(paths.docs.rglob("*"))
        if p.is_file()
    }


def test_site_engine_failure_puts_the_generated_pages_back(project, edit):
    from benchsite.build import build_site
    from benchsite.errors import BenchError

    build_site(project)
    pages, site = docs_tree(project), (project.site / "index.html").read_bytes()
    with (project.data / "reports/async-cache-race/results.csv").open("a") as handle:
        handle.write("Extra Model,100,,,,,,Changes the generated pages.\n")
    # A hand-written page with a broken link: strict mode turns the warning into a failure.
    broken = project.docs / "broken.md"
    broken.write_text("# Broken\n\n[nowhere](nowhere.md)\n")
    with pytest.raises(BenchError, match="mkdocs build failed"):
        build_site(project)
    broken.unlink()
    assert docs_tree(project) == pages
    assert (project.site / "index.html").read_bytes() == site


def test_placeholders_stop_the_build_before_any_page_is_written(project):
    from benchsite.build import build_site
    from benchsite.errors import BenchError
    from benchsite.scaffold import new_report

    build_site(project)
    pages = docs_tree(project)
    new_report(project.data, "Not ready yet", "2026-12-01")
    with pytest.raises(BenchError, match="still to fill in"):
        build_site(project)
    assert docs_tree(project) == pages
