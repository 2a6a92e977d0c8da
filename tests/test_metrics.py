"""Cost recomputation, the rounding check, number formatting and best-value marking."""

from datetime import date
from decimal import Decimal

import pytest

from benchsite.metrics import (
    METRICS,
    PricedRow,
    agrees,
    best_models,
    price_for,
    significant,
    token_cost,
    whole,
)
from benchsite.model import PriceRow, ResultRow


def price(model: str, inp: str, out: str, day: str) -> PriceRow:
    return PriceRow(
        model=model,
        input_usd_per_mtok=inp,
        output_usd_per_mtok=out,
        effective_date=day,
        source="test",
    )


@pytest.mark.parametrize(
    ("inp", "out", "p_in", "p_out", "expected"),
    [
        (121, 576, "1", "5", Decimal("0.003001")),
        (121, 859, "3", "15", Decimal("0.013248")),
        (159, 870, "15", "75", Decimal("0.067635")),
        (0, 0, "3", "15", Decimal("0")),
    ],
)
def test_token_cost_is_exact_tokens_times_price_per_million(inp, out, p_in, p_out, expected):
    row = ResultRow(model="m", input_tokens=inp, output_tokens=out)
    assert token_cost(row, price("m", p_in, p_out, "2026-01-01")) == expected


def test_token_cost_is_unknown_when_a_token_count_is_unknown():
    row = ResultRow(model="m", input_tokens=10, output_tokens=None)
    assert token_cost(row, price("m", "1", "1", "2026-01-01")) is None


def test_price_for_takes_latest_price_in_force_on_the_day():
    prices = [
        price("m", "1", "1", "2026-01-01"),
        price("m", "2", "2", "2026-06-01"),
        price("other", "9", "9", "2026-01-01"),
    ]
    assert price_for(prices, "m", date(2026, 5, 31)).input_usd_per_mtok == 1
    assert price_for(prices, "m", date(2026, 6, 1)).input_usd_per_mtok == 2
    assert price_for(prices, "m", date(2025, 12, 31)) is None


@pytest.mark.parametrize(
    ("reported", "computed", "ok"),
    [
        ("0.003", "0.003001", True),  # seed: Haiku
        ("0.01325", "0.013248", True),  # seed: Sonnet
        ("0.06764", "0.067635", True),  # seed: Opus, exactly half a unit away
        ("0.0676", "0.067635", True),
        ("0.068", "0.067635", True),
        ("0.06765", "0.067635", False),  # one more decimal, more than half a unit away
        ("0.05", "0.067635", False),
        ("1", "0.4", False),
    ],
)
def test_reported_cost_agrees_only_within_its_own_rounding(reported, computed, ok):
    assert agrees(Decimal(reported), Decimal(computed)) is ok


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.067635"), "0.06764"),
        (Decimal("0.013248"), "0.01325"),
        (Decimal("0.003001"), "0.003001"),
        (Decimal("36.4712"), "36.47"),
        (Decimal("0.00003240"), "0.0000324"),
        (Decimal("1200"), "1,200"),
        (Decimal("1234.5"), "1,235"),
        (0, "0"),
    ],
)
def test_significant_rounds_half_up_to_four_digits(value, text):
    assert significant(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5555, "5,555"), (Decimal("18644.5"), "18,645"), (0, "0"), (999, "999")],
)
def test_whole_numbers_get_thousands_separators(value, text):
    assert whole(value) == text


def test_best_models_skips_unknowns_and_keeps_ties():
    def row(name, latency):
        return PricedRow(ResultRow(model=name, latency_ms=latency), None, None, False)

    rows = [row("a", "10"), row("b", None), row("c", "10"), row("d", "30")]
    assert best_models(rows, METRICS["latency_ms"]) == {"a", "c"}
    assert best_models([row("a", "10")], METRICS["latency_ms"]) == set()
