"""Derived figures: prices applied to rows, and the registry of metrics shown in tables.

Everything here is a pure function of the model. Charts and tables both read `MetricSet`
values, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .model import PriceRow, Report, ResultRow, Site

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class PricedRow:
    """A result row with the price in force on its date and the cost that follows from it.

    ``cost_usd`` is tokens x price when both are known, else the reported cost, else None;
    ``cost_recomputed`` tells which.
    """

    row: ResultRow
    price: PriceRow | None
    cost_usd: Decimal | None
    cost_recomputed: bool

    @property
    def model(self) -> str:
        return self.row.model


@dataclass(frozen=True)
class Metric:
    """A figure shown per model: a table column and, where charted, a chart axis."""

    key: str
    label: str
    lower_is_better: bool
    value: Callable[[PricedRow], Decimal | float | int | None]
    format: Callable[[Decimal | float | int], str]


def price_for(prices: list[PriceRow], model: str, day: date) -> PriceRow | None:
    """The latest price of ``model`` that took effect on or before ``day``."""
    candidates = [p for p in prices if p.model == model and p.effective_date <= day]
    return max(candidates, key=lambda p: p.effective_date, default=None)


def token_cost(row: ResultRow, price: PriceRow) -> Decimal | None:
    """Exact USD cost of a row's tokens at ``price``; None when a token count is unknown."""
    if row.input_tokens is None or row.output_tokens is None:
        return None
    return (
        row.input_tokens * price.input_usd_per_mtok
        + row.output_tokens * price.output_usd_per_mtok
    ) / MILLION


def run_day(report: Report, row: ResultRow) -> date:
    return row.run_date or report.meta.date


def priced_rows(report: Report, prices: list[PriceRow]) -> list[PricedRow]:
    """Every row of ``report`` with its price and the cost shown on the site."""
    priced = []
    for row in report.results:
        price = price_for(prices, row.model, run_day(report, row))
        computed = token_cost(row, price) if price else None
        cost = computed if computed is not None else row.cost_usd
        priced.append(PricedRow(row, price, cost, computed is not None))
    return priced


def site_rows(site: Site) -> dict[str, list[PricedRow]]:
    """Every report's priced rows by report slug, computed once per build and shared by
    pages, charts and downloads."""
    return {report.slug: priced_rows(report, site.prices) for report in site.reports}


def agrees(reported: Decimal, computed: Decimal) -> bool:
    """True when ``reported`` is ``computed`` rounded to the reported number of decimals."""
    exponent = reported.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return abs(reported - computed) <= Decimal(5) / Decimal(10) ** (places + 1)


def check_costs(report: Report, prices: list[PriceRow]) -> Iterator[tuple[ResultRow, str]]:
    """Rows whose tokens have no price, or whose reported cost disagrees with tokens x
    price."""
    for row in report.results:
        has_tokens = row.input_tokens is not None or row.output_tokens is not None
        day = run_day(report, row)
        price = price_for(prices, row.model, day)
        if has_tokens and price is None:
            yield (
                row,
                (
                    f"model {row.model!r} has token counts but data/prices.csv has no price "
                    f"for it on or before {day}; add a price row"
                ),
            )
            continue
        computed = token_cost(row, price) if price else None
        if computed is None or row.cost_usd is None or agrees(row.cost_usd, computed):
            continue
        if not row.cost_note:
            yield (
                row,
                (
                    f"model {row.model!r}: reported {row.cost_usd} USD but tokens x price of "
                    f"{price.effective_date if price else '?'} give {computed.normalize()} "
                    "USD; fix the cost or explain the difference in cost_note"
                ),
            )


def significant(value: Decimal | float | int, digits: int = 4) -> str:
    """``value`` rounded half-up to ``digits`` significant digits, in plain notation."""
    number = Decimal(str(value))
    if number == 0:
        return "0"
    exponent = number.adjusted() - digits + 1
    rounded = number.quantize(Decimal(1).scaleb(min(exponent, 0)), rounding=ROUND_HALF_UP)
    # Trailing zeros say nothing a reader needs: 0.0000324, not 0.00003240.
    return f"{rounded.normalize():,f}"


def whole(value: Decimal | float | int) -> str:
    """``value`` rounded half-up to an integer, with thousands separators."""
    return f"{Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP):,f}"


def latency_ms(priced: PricedRow) -> Decimal | None:
    return priced.row.latency_ms


def input_tokens(priced: PricedRow) -> int | None:
    return priced.row.input_tokens


def output_tokens(priced: PricedRow) -> int | None:
    return priced.row.output_tokens


def cost_usd(priced: PricedRow) -> Decimal | None:
    return priced.cost_usd


# Lower is better for every column: tokens too, since they are what a run is billed for.
METRICS: dict[str, Metric] = {
    metric.key: metric
    for metric in (
        Metric("latency_ms", "Latency (ms)", True, latency_ms, whole),
        Metric("input_tokens", "Input tokens", True, input_tokens, whole),
        Metric("output_tokens", "Output tokens", True, output_tokens, whole),
        Metric("cost_usd", "Cost (USD)", True, cost_usd, significant),
    )
}


def best_models(rows: list[PricedRow], metric: Metric) -> set[str]:
    """Models holding the best known value of ``metric`` (ties all count); unknowns skipped."""
    known = [(metric.value(r), r.model) for r in rows if metric.value(r) is not None]
    if len(known) < 2:
        return set()
    pick = min if metric.lower_is_better else max
    best = pick(value for value, _ in known)  # type: ignore[type-var]
    return {model for value, model in known if value == best}
