"""Importers, checked on the real result files in ../shared/realdata/ and small fixtures.

Expected figures were read from the source files by hand (see the comment on each), not
taken from the importers' output.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from benchsite.cli import main
from benchsite.errors import BenchError
from benchsite.importers import SourceInfo, run_import
from benchsite.importers.aider import import_aider
from benchsite.importers.common import apply_prices, read_prices
from benchsite.importers.inspect_logs import import_inspect
from benchsite.importers.promptfoo import import_promptfoo
from benchsite.load import load_site

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "realdata"
AIDER = REAL / "aider-leaderboards"
INSPECT = REAL / "inspect-ai-logs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIT = SourceInfo(licence="MIT")

needs_real_data = pytest.mark.skipif(not REAL.is_dir(), reason="shared/realdata not present")


def by_model(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["model"]: row for row in rows}


def write(tmp_path: Path, text: str, name: str = "polyglot_leaderboard.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(
    model: str,
    commit: str = "abc1234",
    date: str = "2025-01-02",
    edit_format: str = "diff",
    cost: str = "1.5",
) -> str:
    return (
        f"- dirname: {date}-{model}\n  test_cases: 225\n  total_tests: 225\n"
        f"  model: {model}\n  edit_format: {edit_format}\n  commit_hash: {commit}\n"
        f"  pass_rate_1: 10.0\n  pass_rate_2: 20.0\n  date: {date}\n"
        f"  versions: 0.80.0\n  seconds_per_case: 12.5\n  total_cost: {cost}\n"
    )


# --- Aider -------------------------------------------------------------------------------


@needs_real_data
def test_aider_polyglot_figures_from_the_file() -> None:
    imported = import_aider([AIDER / "polyglot_leaderboard.yml"], SourceInfo())
    rows = by_model(imported.rows)
    assert len(imported.rows) == 69
    # Lines 28-51: gpt-4o-mini-2024-07-18, pass_rate_2 3.6, 17.3 s per case, cost 0.3236.
    mini = rows["gpt-4o-mini-2024-07-18"]
    assert mini["score"] == pytest.approx(0.036)
    assert mini["latency_ms"] == Decimal("17300")
    assert mini["cost_usd"] == Decimal("0.3236")
    assert str(mini["run_date"]) == "2024-12-21"
    assert "correct" not in mini  # a run is graded, not pass/fail
    assert "a755079-dirty" in mini["verdict"]
    assert imported.meta["source"]["licence"] == "Apache-2.0"


@needs_real_data
def test_aider_zero_cost_marked_incorrect_is_unknown() -> None:
    rows = by_model(import_aider([AIDER / "polyglot_leaderboard.yml"], SourceInfo()).rows)
    # Line 834: "total_cost: 0 # incorrect: 6.3174" on Gemini 2.5 Pro Preview 03-25.
    gemini = rows["Gemini 2.5 Pro Preview 03-25"]
    assert gemini["cost_usd"] is None
    assert "incorrect: 6.3174" in gemini["verdict"]
    assert gemini["score"] == pytest.approx(0.729)
    # Line 25: a bare "total_cost: 0.0000" (an experimental free model) is unknown too.
    assert rows["Gemini 2.0 Pro exp-02-05"]["cost_usd"] is None


@needs_real_data
def test_aider_duplicate_model_runs_stay_two_rows() -> None:
    rows = by_model(import_aider([AIDER / "polyglot_leaderboard.yml"], SourceInfo()).rows)
    # Qwen2.5-Coder-32B-Instruct ran twice: diff on 2024-12-22 (8.0%), whole on 12-26 (16.4%).
    assert "Qwen2.5-Coder-32B-Instruct" not in rows
    assert rows["Qwen2.5-Coder-32B-Instruct (diff)"]["score"] == pytest.approx(0.08)
    assert rows["Qwen2.5-Coder-32B-Instruct (whole)"]["score"] == pytest.approx(0.164)


@needs_real_data
def test_aider_commit_hashes_that_look_like_numbers_stay_text() -> None:
    rows = by_model(import_aider([AIDER / "edit_leaderboard.yml"], SourceInfo()).rows)
    # Line 2028: Nova Pro at commit 699e283; line 1097: o1-mini at commit 5493654.
    assert "commit 699e283." in rows["Nova Pro"]["verdict"]
    assert "commit 5493654." in rows["o1-mini"]["verdict"]


@needs_real_data
def test_aider_refactor_has_first_try_pass_rates_only() -> None:
    rows = by_model(import_aider([AIDER / "refactor_leaderboard.yml"], SourceInfo()).rows)
    # Lines 22-41: claude-3-opus-20240229, 83 cases, pass_rate_1 72.3.
    opus = rows["claude-3-opus-20240229"]
    assert opus["score"] == pytest.approx(0.723)
    assert "72.3% of 83 cases pass on the first try" in opus["verdict"]


def test_yaml_number_trap(tmp_path: Path) -> None:
    text = run("a", commit="699e283") + run("b", commit="0123456") + run("c", commit="1e3")
    rows = by_model(import_aider([write(tmp_path, text)], SourceInfo()).rows)
    assert "commit 699e283." in rows["a"]["verdict"]
    assert "commit 0123456." in rows["b"]["verdict"]  # YAML 1.1 would read octal 42798
    assert "commit 1e3." in rows["c"]["verdict"]  # YAML 1.2 would read 1000.0


def test_duplicates_told_apart_by_date_then_commit(tmp_path: Path) -> None:
    text = (
        run("m", date="2025-01-01")
        + run("m", date="2025-02-01")
        + run("n", commit="aaa1111")
        + run("n", commit="bbb2222")
    )
    labels = [row["model"] for row in import_aider([write(tmp_path, text)], SourceInfo()).rows]
    assert labels == [
        "m (diff, 2025-01-01)",
        "m (diff, 2025-02-01)",
        "n (diff, 2025-01-02, commit aaa1111)",
        "n (diff, 2025-01-02, commit bbb2222)",
    ]


def test_zero_cost_is_unknown_and_seconds_become_ms(tmp_path: Path) -> None:
    text = run("free", cost="0") + run("paid", cost="0.25")
    rows = by_model(import_aider([write(tmp_path, text)], SourceInfo()).rows)
    assert rows["free"]["cost_usd"] is None
    assert rows["paid"]["cost_usd"] == Decimal("0.25")
    assert rows["paid"]["latency_ms"] == Decimal("12500")


def test_aider_bad_value_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, run("a").replace("pass_rate_2: 20.0", "pass_rate_2: lots"))
    with pytest.raises(BenchError) as caught:
        import_aider([path], SourceInfo())
    assert f"{path}:8: pass_rate_2: expected a number, found 'lots'" in str(caught.value)


def test_aider_rejects_a_file_that_is_not_a_list(tmp_path: Path) -> None:
    with pytest.raises(BenchError, match="expected a list of runs"):
        import_aider([write(tmp_path, "model: x\n")], SourceInfo())


# --- Inspect -----------------------------------------------------------------------------


@needs_real_data
def test_inspect_counts_only_the_answering_models_tokens() -> None:
    imported = import_inspect([INSPECT / "2025-05-12T20-28-26-04-00_security-guide.json"], MIT)
    row = imported.rows[0]
    # Answer calls use 61+60+61 input and 17+9+23 output tokens; the samples' model_usage
    # (320+310+329, 309+256+468) also counts the model_graded_fact grader's calls.
    assert (row["input_tokens"], row["output_tokens"]) == (182, 49)
    # total_time 6.282, 5.394 and 9.96 s: mean 7.212 s.
    assert row["latency_ms"] == Decimal("7212")
    assert row["score"] == 1.0
    assert str(row["run_date"]) == "2025-05-12"
    first = imported.samples[0]
    assert first["prompt"] == "How do I prevent SQL Injection attacks?"
    assert first["target"] == "use parameterized queries and prepared statements"
    assert first["answer"].startswith("Use parameterized queries and prepared statements")
    assert first["score_value"] == "C"
    assert first["time_ms"] == Decimal("6282.000")


@needs_real_data
def test_inspect_agent_sample_sums_every_answer_call() -> None:
    row = import_inspect([INSPECT / "2025-05-12T20-27-36-04-00_browser.json"], MIT).rows[0]
    # Five generate calls: inputs 1124+1568+2732+3896+5915, outputs 23+17+17+17+207.
    assert (row["input_tokens"], row["output_tokens"]) == (15235, 281)
    assert row["correct"] is True
    assert row["latency_ms"] == Decimal("18517")


@needs_real_data
def test_inspect_several_models_of_one_task() -> None:
    files = [
        INSPECT / "2025-05-12T20-28-13-04-00_popularity.json",
        INSPECT / "log_read_sample.json",
        INSPECT / "log_formats.json",
    ]
    rows = by_model(import_inspect(files, MIT).rows)
    mini = rows["openai/gpt-4o-mini"]
    # Samples 1 and 2 scored C, sample 3 I; the run was cancelled after 3 of 100.
    assert mini["score"] == pytest.approx(2 / 3)
    assert mini["correct"] is None
    assert "run cancelled" in mini["verdict"]
    assert (mini["input_tokens"], mini["output_tokens"]) == (64 + 58 + 70, 6)
    assert mini["latency_ms"] == Decimal("1032")  # (0.664 + 1.775 + 0.657) s / 3
    # The older log has no timing and no events: tokens come from output.usage.
    old = rows["ollama/llama3.1"]
    assert old["correct"] is False
    assert old["latency_ms"] is None
    assert (old["input_tokens"], old["output_tokens"]) == (66, 2)


@needs_real_data
def test_eval_archive_reads_like_the_json_log() -> None:
    from_json = import_inspect([INSPECT / "2025-05-12T20-28-13-04-00_popularity.json"], MIT)
    from_zip = import_inspect([FIXTURES / "inspect" / "popularity-gpt-4o-mini.eval"], MIT)
    assert from_zip.rows == from_json.rows
    assert from_zip.samples == from_json.samples


def test_eval_archive_without_header_is_an_error(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "empty.eval"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("samples/1_epoch_1.json", "{}")
    with pytest.raises(BenchError, match="header.json: missing from the archive"):
        import_inspect([path], MIT)


@needs_real_data
def test_inspect_unknown_score_value_names_the_field(tmp_path: Path) -> None:
    text = (INSPECT / "log_read_sample.json").read_text(encoding="utf-8")
    path = tmp_path / "log.json"
    path.write_text(text.replace('"value": "C"', '"value": "maybe"'), encoding="utf-8")
    with pytest.raises(BenchError) as caught:
        import_inspect([path], MIT)
    assert f"{path}: samples.0.scores.match.value: found 'maybe'" in str(caught.value)


@needs_real_data
def test_inspect_needs_a_licence() -> None:
    with pytest.raises(BenchError, match="--licence is required"):
        import_inspect([INSPECT / "log_read_sample.json"], SourceInfo())


# --- promptfoo ---------------------------------------------------------------------------


def test_promptfoo_rows_per_provider() -> None:
    imported = import_promptfoo([FIXTURES / "promptfoo" / "capitals-output.json"], MIT)
    rows = by_model(imported.rows)
    mini = rows["openai/gpt-4o-mini"]
    assert mini["latency_ms"] == Decimal("400")  # (412 + 388) / 2
    # response.tokenUsage (21+22, 3+3), not the second result's grading-inclusive 280/25.
    assert (mini["input_tokens"], mini["output_tokens"]) == (43, 6)
    assert mini["cost_usd"] == Decimal("0.00001005")
    assert mini["score"] == 0.5
    llama = rows["ollama:chat:llama3.1"]
    assert llama["score"] == 1.0
    assert llama["cost_usd"] == Decimal(0)
    assert imported.meta["title"] == "Capital cities, one word answers"
    assert str(imported.meta["date"]) == "2025-03-04"
    assert [s["answer"] for s in imported.samples] == ["Paris", "Sydney", "Paris.", "Canberra"]


def test_promptfoo_bad_success_names_the_field(tmp_path: Path) -> None:
    text = (FIXTURES / "promptfoo" / "capitals-output.json").read_text(encoding="utf-8")
    path = tmp_path / "out.json"
    path.write_text(text.replace('"success": false', '"success": "no"'), encoding="utf-8")
    with pytest.raises(BenchError) as caught:
        import_promptfoo([path], MIT)
    assert f"{path}: results.results.1.success: expected true or false" in str(caught.value)


# --- price rules, writing and validation -------------------------------------------------


def test_tokens_without_a_price_are_left_out() -> None:
    imported = import_promptfoo([FIXTURES / "promptfoo" / "capitals-output.json"], MIT)
    notes = apply_prices(imported, read_prices(ROOT / "data"))
    rows = by_model(imported.rows)
    assert rows["openai/gpt-4o-mini"]["input_tokens"] == 43  # priced in data/prices.csv
    assert rows["ollama:chat:llama3.1"]["input_tokens"] is None
    assert notes == [
        "ollama:chat:llama3.1: token counts left out; data/prices.csv has no "
        "price for it on 2025-03-04"
    ]


@needs_real_data
def test_imported_folders_validate_and_csv_is_plain(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    jobs = [
        ("aider", [AIDER / f"{name}.yml"])
        for name in (
            "polyglot_leaderboard",
            "edit_leaderboard",
            "refactor_leaderboard",
            "qwen3_leaderboard",
            "o1_polyglot_leaderboard",
        )
    ]
    jobs += [("inspect", [log]) for log in sorted(INSPECT.glob("*.json"))]
    jobs += [("promptfoo", [FIXTURES / "promptfoo" / "capitals-output.json"])]
    for index, (kind, files) in enumerate(jobs):
        run_import(kind, files, data / "reports" / f"imported-{index}", MIT, data)
    site = load_site(data)
    assert len(site.reports) == len(list((ROOT / "data" / "reports").iterdir())) + len(jobs)
    with (data / "reports" / "imported-1" / "results.csv").open(encoding="utf-8") as handle:
        nova = next(r for r in csv.DictReader(handle) if r["model"] == "Nova Pro")
    assert nova["cost_usd"] == "" and nova["latency_ms"] == "8700" and nova["score"] == "0.541"


def test_shipped_imported_reports_name_their_source() -> None:
    site = load_site(ROOT / "data")
    imported = [r for r in site.reports if "imported" in r.meta.tags]
    assert len(imported) >= 3
    for report in imported:
        assert report.meta.source is not None
        assert report.meta.source.licence and report.meta.source.commit


@needs_real_data
def test_cli_import_writes_a_folder_and_reports_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    out = data / "reports" / "refactor"
    args = [
        "--data",
        str(data),
        "import",
        "aider",
        str(AIDER / "refactor_leaderboard.yml"),
        "--out",
        str(out),
        "--source-commit",
        "5dc9490",
    ]
    assert main(args) == 0
    assert load_site(data).reports
    assert (
        main(
            [
                "--data",
                str(data),
                "import",
                "inspect",
                str(INSPECT / "log_formats.json"),
                "--out",
                str(tmp_path / "x"),
            ]
        )
        == 1
    )
    assert "--licence is required" in capsys.readouterr().err


def test_code_spans_keep_their_text_and_outgrow_backticks_inside() -> None:
    from benchsite.importers.common import md_code
    from benchsite.text import inline_html

    assert md_code("security_guide") == "`security_guide`"
    assert md_code("a `b` c") == "``a `b` c``"
    assert str(inline_html(md_code("x_<y>*z"))) == "<code>x_&lt;y&gt;*z</code>"


def test_escaped_cell_text_renders_as_itself() -> None:
    from benchsite.importers.common import md_cell
    from benchsite.text import markdown_html

    raw = "A&B <x> ~y~ p|q *not em* [a](javascript:x) 2-1"
    table = markdown_html(f"| t |\n|---|\n| {md_cell(raw)} |")
    cell = BeautifulSoup(str(table), "html.parser").td
    assert cell.get_text() == raw and cell.find("a") is None and cell.find("em") is None
