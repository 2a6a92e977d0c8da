"""The build-scale benchmark's table."""

from __future__ import annotations

from benchsite.bench_build import table


def row(reports: int, generate_s: float) -> dict[str, float]:
    return {
        "reports": reports,
        "generate_s": generate_s,
        "regenerate_s": 1.0,
        "rewritten": 0,
        "mkdocs_s": 2.0,
        "ratio": generate_s / 2.0,
        "generate_mib": 100,
        "mkdocs_mib": 50,
    }


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_time_per_report_is_shown_with_and_without_the_start_up() -> None:
    lines = table([row(0, 1.0), row(10, 1.5)]).splitlines()
    assert cells(lines[2])[:4] == ["0", "1.00", "\u2014", "\u2014"]
    assert cells(lines[3])[:4] == ["10", "1.50", "150.0", "50.0"]


def test_without_a_site_of_no_reports_the_start_up_is_not_taken_off() -> None:
    lines = table([row(10, 1.5)]).splitlines()
    assert cells(lines[2])[2:4] == ["150.0", "\u2014"]
