"""Hostile or awkward text in data files comes through intact and harmless in built HTML."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from benchsite.build import Paths, build_site
from conftest import copy_project

SCRIPT = "<script>alert('name')</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[click me](javascript:alert(3))"
TEMPLATE = "{{ 7*7 }} {% if true %}yes{% endif %}"
UNICODE = "Modèle Ünïcode 日本"
HOSTILE_MODEL = f"Evil {SCRIPT}"

ROWS = [
    f'"{HOSTILE_MODEL}",1000,,,0.5,false,,"Shown | as text\nsecond line {IMG}"',
    f'{UNICODE},2000,,,0.25,true,,"{TEMPLATE}"',
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = copy_project(tmp_path_factory.mktemp("hostile"))
    folder = paths.data / "reports/async-cache-race"
    with (folder / "results.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(ROWS) + "\n")
    meta = json.loads((folder / "report.json").read_text())
    meta["summary"] = f"Summary {JS_LINK} {IMG} {TEMPLATE}"
    meta["analysis"].append({"model": HOSTILE_MODEL, "text": f"{SCRIPT} {JS_LINK} {TEMPLATE}"})
    meta["analysis"].append({"model": UNICODE, "text": "Très bien."})
    meta["faq"].append({"question": f"Why {SCRIPT}?", "answer": f"{IMG} {TEMPLATE}"})
    meta["takeaways"].append({"title": TEMPLATE, "text": JS_LINK})
    (folder / "report.json").write_text(json.dumps(meta, ensure_ascii=False))
    build_site(paths)
    return paths


@pytest.fixture(scope="module")
def soup(hostile: Paths) -> BeautifulSoup:
    html = (hostile.site / "reports/async-cache-race/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_no_script_from_data_is_live(soup):
    for script in soup.find_all("script"):
        assert (
            "alert(" not in (script.string or "") or script.get("type") == "application/json"
        )
    assert not soup.find_all(attrs={"onerror": True})
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript")]
    assert not soup.find_all("img", src="x")


def test_hostile_model_name_is_shown_as_text(soup):
    names = [th.get_text(strip=True) for th in soup.select("table.bench-results tbody th")]
    assert HOSTILE_MODEL in names
    assert UNICODE in names


def test_pipe_and_newline_in_a_verdict_keep_the_table_columns(soup):
    table = soup.select_one("table.bench-results")
    width = len(table.select("thead th"))
    assert all(len(tr.find_all(["th", "td"])) == width for tr in table.select("tbody tr"))
    verdict = table.select("tbody tr")[3].find_all("td")[-1]
    assert verdict.get_text("\n") == f"Shown | as text\nsecond line {IMG}"


def test_template_syntax_is_shown_literally(soup):
    text = soup.get_text()
    assert text.count("{{ 7*7 }}") >= 4
    assert "{% if true %}" in text
    assert not re.search(r"\b49\b", text)


def test_non_ascii_model_gets_a_stable_readable_anchor(soup):
    heading = soup.find(id="analysis-modele-unicode-ri-ben")
    assert heading is not None and UNICODE in heading.get_text()
    link = soup.select_one('table.bench-results a[href="#analysis-modele-unicode-ri-ben"]')
    assert link is not None


def test_chart_data_holds_escaped_names_only(soup):
    charts = soup.select(".bench-chart[data-figure]")
    assert charts
    for chart in charts:
        raw = chart["data-figure"]
        assert "<" not in raw and ">" not in raw
        figure = json.loads(raw)
        names = json.dumps(figure)
        assert "<script>" not in names and "&lt;script&gt;" in names


def test_page_title_is_escaped_in_head_and_nav(hostile: Paths):
    html = (hostile.site / "reports/async-cache-race/index.html").read_text(encoding="utf-8")
    assert SCRIPT not in html.replace(SCRIPT.replace("<", "&lt;"), "")
