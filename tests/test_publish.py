"""Published schemas and CSV, repeatable builds, the scaffold, and the Zensical engine."""

from __future__ import annotations

import csv
import io
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchsite.build import build_site, generate, validate
from benchsite.errors import BenchError
from benchsite.load import load_site
from benchsite.model import json_schemas
from benchsite.scaffold import new_report
from conftest import ROOT, copy_project


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_committed_report_schema_matches_the_data_model():
    committed = json.loads((ROOT / "data/report.schema.json").read_text())
    assert committed == json_schemas()["report.schema.json"], "run `benchsite schema`"


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    first, second = copy_project(tmp_path / "a"), copy_project(tmp_path / "b")
    build_site(first)
    build_site(second)
    one, two = tree(first.site), tree(second.site)
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []


def test_second_generation_rewrites_no_file(project):
    generate(project)
    stamps = {p: p.stat().st_mtime_ns for p in project.docs.rglob("*") if p.is_file()}
    generate(project)
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps


def test_published_csv_and_datapackage_describe_every_row(built_site):
    package = json.loads((built_site.site / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    results = resources["results-async-cache-race"]
    rows = list(csv.DictReader(io.StringIO((built_site.site / results["path"]).read_text())))
    assert [r["model"] for r in rows] == [
        "Claude Haiku 4.5",
        "Claude Sonnet 4.6",
        "Claude Opus 4.7",
    ]
    columns = [f["name"] for f in results["schema"]["fields"]]
    assert set(rows[0]) == set(columns)
    types = {f["name"]: f["type"] for f in results["schema"]["fields"]}
    assert types["latency_ms"] == "number" and types["input_tokens"] == "integer"
    assert (built_site.site / "schemas/report.schema.json").exists()


def test_scaffolded_report_validates_and_lists_what_is_left(project, caplog):
    before = len(load_site(project.data).reports)
    folder = new_report(project.data, "Ünïcode regex showdown", "2026-12-01")
    assert folder.name == "unicode-regex-showdown"
    with caplog.at_level(logging.WARNING):
        site = validate(project)
    assert len(site.reports) == before + 1
    left = [line for line in caplog.text.splitlines() if "still to fill in" in line]
    assert f"{folder}/results.csv:2: (placeholder): still to fill in: FILL IN" in caplog.text
    assert len(left) >= 10
    with pytest.raises(BenchError, match="still to fill in"):
        build_site(project)


def test_scaffold_refuses_an_existing_folder(project):
    new_report(project.data, "Twice", "2026-12-01")
    with pytest.raises(BenchError, match="already exists"):
        new_report(project.data, "Twice", "2026-12-01")


def test_added_row_with_its_price_shows_on_page_and_charts(project):
    results = project.data / "reports/async-cache-race/results.csv"
    with results.open("a") as handle:
        handle.write("New Model 1,4000,100,200,,true,,Brief but right.\n")
    with (project.data / "prices.csv").open("a") as handle:
        handle.write("New Model 1,2,10,2026-01-01,example list price\n")
    build_site(project)
    html = (project.site / "reports/async-cache-race/index.html").read_text()
    assert html.count('<tr class="bench-row"') == 4
    charts = BeautifulSoup(html, "html.parser").select(".bench-chart[data-figure]")
    names = [json.dumps(json.loads(c["data-figure"])["data"]) for c in charts]
    assert len(charts) == 3 and all("New Model 1" in n for n in names)
    assert len(load_site(project.data).reports[0].results) == 4


def test_generated_docs_also_build_with_zensical(built_site, tmp_path):
    zensical = Path(sys.executable).with_name("zensical")
    assert zensical.exists(), "zensical is a test dependency; run `make test`"
    shutil.copytree(built_site.docs, tmp_path / "docs")
    shutil.copytree(built_site.config.parent / "overrides", tmp_path / "overrides")
    shutil.copy(built_site.config, tmp_path / "mkdocs.yml")
    subprocess.run([str(zensical), "build"], cwd=tmp_path, check=True, capture_output=True)
    page = (tmp_path / "site/reports/async-cache-race/index.html").read_text()
    assert "Claude Opus 4.7" in page and "bench-results" in page


def test_published_results_keep_whole_numbers_whole_and_unknowns_empty():
    from benchsite.publish import table_csv

    rows = [
        {"model": "a", "input_tokens": 192, "correct": True, "cost_usd": "0.003"},
        {"model": "b", "input_tokens": None, "correct": None, "cost_usd": None},
    ]
    assert table_csv(rows) == ("model,input_tokens,correct,cost_usd\na,192,true,0.003\nb,,,\n")


def test_per_sample_detail_is_published_described_and_linked(built_site):
    site = load_site(built_site.data)
    report = next(r for r in site.reports if r.samples)
    published = built_site.site / "reports" / report.slug / "samples.csv"
    rows = list(csv.DictReader(io.StringIO(published.read_text())))
    assert len(rows) == len(report.samples)
    assert {r["model"] for r in rows} <= {r.model for r in report.results}
    package = json.loads((built_site.site / "datapackage.json").read_text())
    assert f"samples-{report.slug}" in {r["name"] for r in package["resources"]}
    html = (built_site.site / "reports" / report.slug / "index.html").read_text()
    assert 'href="samples.csv"' in html and 'href="results.csv"' in html


def test_clean_leaves_only_the_hand_written_docs(project):
    from benchsite.build import clean

    hand_written = tree(project.docs)
    build_site(project)
    assert len(tree(project.docs)) > len(hand_written)
    clean(project)
    assert tree(project.docs) == hand_written
    assert not project.site.exists()
