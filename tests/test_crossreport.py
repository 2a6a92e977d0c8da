"""Model pages, the leaderboard, downloads and the feed, read from the built site."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ElementTree

from bs4 import BeautifulSoup

from benchsite.crossreport import pareto_front
from benchsite.load import load_site


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_pareto_front_keeps_only_points_nothing_beats():
    points = [
        (1.0, 0.5, "cheap"),
        (2.0, 0.4, "worse"),
        (3.0, 0.9, "best"),
        (3.0, 0.8, "tie"),
        (0.5, 0.1, "cheapest"),
    ]
    assert [name for _, _, name in pareto_front(points)] == ["cheapest", "cheap", "best"]


def test_every_model_has_a_page_linking_its_reports(built_site):
    site = load_site(built_site.data)
    models = {row.model for r in site.reports for row in r.results}
    board = soup(built_site.site / "leaderboard/index.html")
    links = board.select("table.bench-results tbody th a")
    assert {a.get_text() for a in links} == models
    for link in links[:10]:
        page = soup(built_site.site / "leaderboard" / link["href"] / "index.html")
        assert page.h1.get_text() == link.get_text()
        for report_link in page.select("table.bench-results tbody th a"):
            slug = report_link["href"].split("/")[-2]
            assert (built_site.site / "reports" / slug / "index.html").exists()


def test_seed_models_on_the_leaderboard_with_cost_per_correct_answer(built_site):
    board = soup(built_site.site / "leaderboard/index.html")
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in board.select("table.bench-results tbody tr")
    }
    # One correct answer each in the seed report: cost per correct answer is the cost.
    assert rows["Claude Sonnet 4.6"][3] == "0.01325"
    assert rows["Claude Opus 4.7"][3] == "0.06764"
    figure = json.loads(board.select_one(".bench-chart")["data-figure"])
    assert "Pareto front" in [trace.get("name") for trace in figure["data"]]


def test_downloads_hold_every_row(built_site):
    site = load_site(built_site.data)
    rows = sum(len(r.results) for r in site.reports)
    everything = json.loads((built_site.site / "results.json").read_text())
    assert len(everything) == rows
    assert {"report", "run_date", "price_date"} <= set(everything[0])
    table = list(
        csv.DictReader(
            io.StringIO((built_site.site / "leaderboard/leaderboard.csv").read_text())
        )
    )
    assert len(table) == len({row.model for r in site.reports for row in r.results})


def test_feed_lists_every_report(built_site):
    site = load_site(built_site.data)
    tree = ElementTree.parse(built_site.site / "feed.xml")
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [e.findtext(f"{atom}title") for e in tree.getroot().iter(f"{atom}entry")]
    assert sorted(titles) == sorted(r.meta.title for r in site.reports)


def test_home_has_tag_filter_and_every_report(built_site):
    home = soup(built_site.site / "index.html")
    options = [o["value"] for o in home.select("#bench-tag-filter option")]
    assert "python" in options and "" in options
    rows = home.select("table.bench-reports tbody tr")
    assert len(rows) == len(load_site(built_site.data).reports)
    assert all(isinstance(json.loads(r["data-tags"]), list) for r in rows)


def test_site_search_indexes_reports_and_model_pages(built_site):
    index = json.loads((built_site.site / "search/search_index.json").read_text())
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "reports/async-cache-race/" in locations
    assert "models/claude-opus-4-7/" in locations


def test_pages_advertise_the_feed(built_site):
    for page in ("index.html", "reports/async-cache-race/index.html"):
        link = soup(built_site.site / page).select_one('link[rel="alternate"]')
        assert link["type"] == "application/atom+xml"
        assert (built_site.site / page).parent.joinpath(link["href"]).resolve() == (
            built_site.site / "feed.xml"
        ).resolve()
