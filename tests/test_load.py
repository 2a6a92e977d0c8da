"""Every class of bad input gets one exact, located error; good odd input is read normally."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchsite.errors import BenchError
from benchsite.load import load_site

PRICES = """model,input_usd_per_mtok,output_usd_per_mtok,effective_date,source
Alpha,1,2,2026-01-01,test
Beta,3,4,2026-01-01,test
"""
RESULTS = """model,latency_ms,input_tokens,output_tokens,cost_usd,correct,verdict
Alpha,100,1000,1000,0.003,true,fine
Beta,200,1000,1000,0.007,false,poor
"""
SNIPPET = '''"""
>>> double(2)
4
"""


def double(x):
    return 2 * x
'''


def meta(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "title": "Mini report",
        "summary": "Two models.",
        "date": "2026-02-01",
        "task": {"prompt": "Say hi."},
        "analysis": [{"model": "Alpha", "text": "Good."}],
        "winner": {"model": "Alpha", "why": "Cheaper."},
        "snippets": [{"path": "snippets/double.py", "title": "Double"}],
    }
    base.update(changes)
    return base


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    folder = root / "reports" / "mini"
    (folder / "snippets").mkdir(parents=True)
    (root / "prices.csv").write_text(PRICES)
    (folder / "results.csv").write_text(RESULTS)
    (folder / "report.json").write_text(json.dumps(meta(), indent=2))
    (folder / "snippets" / "double.py").write_text(SNIPPET)
    return root


def line_with(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` holding ``needle``."""
    return next(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)


def errors(data: Path) -> list[str]:
    with pytest.raises(BenchError) as caught:
        load_site(data)
    return [str(p).replace(str(data) + "/", "") for p in caught.value.problems]


def set_results(data: Path, text: str) -> None:
    (data / "reports/mini/results.csv").write_text(text)


def set_meta(data: Path, **changes: object) -> None:
    (data / "reports/mini/report.json").write_text(json.dumps(meta(**changes), indent=2))


def test_the_fixture_itself_is_valid(data):
    site = load_site(data)
    assert [r.model for r in site.reports[0].results] == ["Alpha", "Beta"]


def test_non_numeric_number(data):
    set_results(data, RESULTS.replace("Alpha,100,", "Alpha,fast,"))
    assert errors(data) == [
        "reports/mini/results.csv:2: latency_ms: model 'Alpha': found "
        "'fast'; allowed: a number (leave the cell empty if unknown)"
    ]


def test_negative_number(data):
    set_results(data, RESULTS.replace("Beta,200,1000", "Beta,200,-5"))
    assert errors(data) == [
        "reports/mini/results.csv:3: input_tokens: model 'Beta': found "
        "'-5'; allowed: a number >= 0 (leave the cell empty if unknown)"
    ]


def test_missing_required_column(data):
    set_results(data, "model,latency_ms,input_tokens,output_tokens\nAlpha,1,1,1\n")
    assert errors(data) == [
        "reports/mini/results.csv:1: cost_usd: missing required column; "
        "add it to the header (cells may be empty when unknown)"
    ]


def test_unknown_column_suggests_the_nearest_name(data):
    set_results(data, RESULTS.replace("latency_ms", "latncy_ms"))
    assert errors(data) == [
        "reports/mini/results.csv:1: latncy_ms: unknown column 'latncy_ms'; did you mean "
        "'latency_ms'? allowed: model, latency_ms, input_tokens, output_tokens, cost_usd, "
        "cost_note, correct, score, run_date, verdict"
    ]


def test_same_model_twice_after_trimming_and_case(data):
    set_results(data, RESULTS + " alpha ,1,,,,,again\n")
    assert errors(data) == [
        "reports/mini/results.csv:4: model: 'alpha' already appears on "
        "line 2; each model appears once per report"
    ]


def test_tokens_without_a_price_for_the_date(data):
    set_results(data, RESULTS + "Gamma,1,10,10,,,new\n")
    assert errors(data) == [
        "reports/mini/results.csv:4: cost_usd: model 'Gamma' has token counts but "
        "data/prices.csv has no price for it on or before 2026-02-01; add a price row"
    ]


def test_price_that_starts_after_the_run_does_not_apply(data):
    (data / "prices.csv").write_text(
        PRICES.replace("Beta,3,4,2026-01-01", "Beta,3,4,2026-03-01")
    )
    assert errors(data)[0].startswith(
        "reports/mini/results.csv:3: cost_usd: model 'Beta' has "
        "token counts but data/prices.csv has no price"
    )


def test_header_only_results_file(data):
    set_results(data, RESULTS.splitlines()[0] + "\n")
    assert errors(data) == [
        "reports/mini/results.csv:1: (rows): the file has a header but no "
        "rows; add one per model"
    ]


def test_snippet_path_outside_the_report_folder(data):
    set_meta(data, snippets=[{"path": "../../prices.py", "title": "Escape"}])
    line = line_with(data / "reports/mini/report.json", '"path": "../../prices.py"')
    assert errors(data) == [
        f"reports/mini/report.json:{line}: snippets.0.path: '../../prices.py' "
        "points outside the report folder; keep snippets in its snippets/ "
        "folder"
    ]


def test_two_titles_giving_the_same_slug(data):
    other = data / "reports" / "other"
    other.mkdir()
    (other / "results.csv").write_text(RESULTS)
    (other / "report.json").write_text(json.dumps(meta(title="Mini   REPORT!", snippets=[])))
    assert errors(data) == [
        "reports/other/report.json:1: title: gives the URL slug 'mini-report', already used "
        "by reports/mini/report.json; change the title or set 'slug'"
    ]


def test_snippet_without_doctest_examples(data):
    (data / "reports/mini/snippets/double.py").write_text("def double(x):\n    return 2 * x\n")
    assert errors(data) == [
        "reports/mini/snippets/double.py: (doctest): no doctest examples; "
        "a snippet must check its behaviour with at least one '>>> ' "
        "example"
    ]


def test_reported_cost_that_disagrees_with_tokens_times_price(data):
    set_results(data, RESULTS.replace("0.007", "0.009"))
    assert errors(data) == [
        "reports/mini/results.csv:3: cost_usd: model 'Beta': reported 0.009 USD but tokens x "
        "price of 2026-01-01 give 0.007 USD; fix the cost or explain the difference in "
        "cost_note"
    ]


def test_disagreeing_cost_is_accepted_when_the_row_says_why(data):
    text = RESULTS.replace("correct,verdict", "correct,verdict,cost_note")
    text = text.replace("0.007,false,poor", "0.009,false,poor,billed with a minimum charge")
    text = text.replace("true,fine", "true,fine,")
    set_results(data, text)
    assert load_site(data).reports[0].results[1].cost_note == "billed with a minimum charge"


def test_unknown_field_in_report_json_suggests_nearest(data):
    set_meta(data, sumary="typo")
    line = line_with(data / "reports/mini/report.json", '"sumary"')
    assert errors(data)[0].startswith(
        f"reports/mini/report.json:{line}: sumary: unknown field 'sumary'; "
        "did you mean 'summary'?"
    )


def test_winner_must_be_a_model_of_the_report(data):
    set_meta(data, winner={"model": "Alpah", "why": "x"})
    line = line_with(data / "reports/mini/report.json", '"model": "Alpah"')
    assert errors(data) == [
        f"reports/mini/report.json:{line}: winner.model: 'Alpah' has no row in "
        "results.csv; did you mean 'Alpha'? allowed: Alpha, Beta"
    ]


def test_spreadsheet_csv_with_bom_and_crlf_reads_normally(data):
    path = data / "reports/mini/results.csv"
    path.write_bytes(b"\xef\xbb\xbf" + RESULTS.replace("\n", "\r\n").encode())
    rows = load_site(data).reports[0].results
    assert [(r.model, r.latency_ms, r.verdict) for r in rows] == [
        ("Alpha", 100, "fine"),
        ("Beta", 200, "poor"),
    ]


def test_quoted_newline_keeps_following_line_numbers_right(data):
    set_results(data, RESULTS.replace("fine", '"fine\nreally"').replace("Beta,200", "Beta,x"))
    assert errors(data)[0].startswith("reports/mini/results.csv:4: latency_ms: model 'Beta'")


def test_empty_cells_are_unknown_not_zero(data):
    set_results(data, RESULTS + "Gamma,,,,,,\n")
    gamma = load_site(data).reports[0].results[2]
    assert (gamma.latency_ms, gamma.input_tokens, gamma.cost_usd, gamma.correct) == (
        None,
        None,
        None,
        None,
    )


def test_all_problems_are_reported_at_once(data):
    set_results(data, RESULTS.replace("Alpha,100", "Alpha,x").replace("Beta,200", "Beta,-1"))
    (data / "prices.csv").write_text(PRICES.replace("Beta,3", "Beta,three"))
    assert [e.split(": ")[0] for e in errors(data)] == [
        "prices.csv:3",
        "reports/mini/results.csv:2",
        "reports/mini/results.csv:3",
    ]


def test_trailing_comma_is_named_on_its_own_line(data):
    path = data / "reports/mini/report.json"
    text = path.read_text().replace('"Say hi."\n', '"Say hi.",\n', 1)
    path.write_text(text)
    line = line_with(path, '"Say hi.",')
    assert errors(data) == [
        f"reports/mini/report.json:{line}: (syntax): not valid JSON: a "
        "comma before a closing bracket; remove it"
    ]


def test_other_json_syntax_errors_give_line_and_column(data):
    (data / "reports/mini/report.json").write_text('{\n  "title": "x"\n  "date": 1\n}\n')
    assert errors(data) == [
        "reports/mini/report.json:3: (syntax): not valid JSON at column "
        "3: Expecting ',' delimiter"
    ]


def test_absolute_snippet_path_is_explained_in_words(data):
    set_meta(data, snippets=[{"path": "/etc/passwd", "title": "Escape"}])
    line = line_with(data / "reports/mini/report.json", '"path": "/etc/passwd"')
    assert errors(data) == [
        f"reports/mini/report.json:{line}: snippets.0.path: found '/etc/passwd'; allowed: a "
        "relative path to a .py file in the report's folder, such as snippets/fix.py"
    ]


def test_empty_model_cell_says_it_is_required(data):
    set_results(data, RESULTS + ",1,,,,,\n")
    assert errors(data) == [
        "reports/mini/results.csv:4: model: model '': missing or empty; this field is required"
    ]


def test_unknown_field_lists_schema_key_as_written(data):
    set_meta(data, auther="me")
    assert "allowed: $schema, title," in errors(data)[0]


def test_case_only_duplicate_gets_one_error_not_a_price_error_too(data):
    set_results(data, RESULTS + "ALPHA,1,10,10,,,again\n")
    assert errors(data) == [
        "reports/mini/results.csv:4: model: 'ALPHA' already appears on "
        "line 2; each model appears once per report"
    ]


def test_snippet_errors_name_the_file_as_written(data):
    (data / "reports/mini/snippets/double.py").write_text("def double(x):\n    return 2 * x\n")
    assert errors(data)[0].startswith("reports/mini/snippets/double.py: (doctest)")


def test_samples_must_belong_to_a_model_of_the_report(data):
    (data / "reports/mini/samples.csv").write_text(
        "model,sample_id,score,time_ms\nAlpha,1,1,20\nAlpah,2,0.5,30\nBeta,3,2,10\n"
    )
    assert errors(data) == [
        "reports/mini/samples.csv:4: score: model 'Beta': found '2'; allowed: a number <= 1 "
        "(leave the cell empty if unknown)",
        "reports/mini/samples.csv:3: model: 'Alpah' has no row in results.csv; did you mean "
        "'Alpha'? allowed: Alpha, Beta",
    ]
