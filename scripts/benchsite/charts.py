"""Plotly figures built from the same `PricedRow` figures as the tables.

A chart travels to the page as Plotly figure JSON; ``docs/assets/charts.js`` draws it,
applies the light or dark palette, and resizes it. Text that came from data files is
HTML-escaped here, because Plotly renders names and hover text as (limited) HTML.

Figures are written as plain dictionaries in the form Plotly's validating graph objects
serialise to (``go.Figure(...).to_json(validate=True)``): building the graph objects took
most of a build's time, and a test checks that every figure passes through them unchanged.
"""

from __future__ import annotations

import functools
import html
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .metrics import METRICS, Metric, PricedRow

# Okabe-Ito colours, safe for the common colour-vision deficiencies; black is left out
# because it vanishes on the dark palette.
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
)

# The light palette as layout properties, for static images; charts.js uses the same
# fallbacks when a page defines no palette.
LIGHT = {
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "font": {"color": "#222222"},
    "xaxis": {"gridcolor": "#dddddd", "zerolinecolor": "#dddddd"},
    "yaxis": {"gridcolor": "#dddddd", "zerolinecolor": "#dddddd"},
}

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Chart:
    """One chart: ``key`` is unique within its page and names its files and element id."""

    key: str
    title: str
    description: str
    figure: dict[str, Any]
    left_out: tuple[str, ...]
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def folder(self) -> str:
        """The chart's own folder (its embed page), relative to the page that shows it."""
        return f"charts/{self.key}/"

    def file(self, extension: str) -> str:
        """A download of the chart, relative to the page that shows it."""
        return f"{self.folder}{self.key}.{extension}"

    def csv_rows(self) -> list[tuple[str, ...]]:
        """Header and rows of the numbers behind the chart, with names kept from running as
        spreadsheet formulas."""
        return [self.columns, *((cell_text(row[0]), *row[1:]) for row in self.rows)]

    def light_figure(self) -> dict[str, Any]:
        """The figure with the light palette filled in, for static images."""
        layout = merged(self.figure.get("layout", {}), LIGHT)
        return {**self.figure, "layout": layout}

    def json(self) -> str:
        """The figure as JSON that is safe inside an HTML ``<script>`` element."""
        return self._json

    @functools.cached_property
    def _json(self) -> str:
        # Kept: the report page, the embed page and the JSON file each need it.
        text = json.dumps(
            self.figure, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        for char, escape in (
            ("<", "\\u003c"),
            (">", "\\u003e"),
            ("&", "\\u0026"),
            ("\u2028", "\\u2028"),
            ("\u2029", "\\u2029"),
        ):
            text = text.replace(char, escape)
        return text


@dataclass(frozen=True)
class ChartPage:
    """The charts of one page of the site, with where that page is and what it is called."""

    folder: str  # the page's folder under docs/, ending in "/"
    title: str
    charts: list[Chart]


# Past these counts a chart switches to horizontal bars, and a scatter plot drops its legend
# (hover names the point; the table is the key).
MAX_VERTICAL_BARS = 12
MAX_LEGEND = 12
BAR_HEIGHT = 22  # px per horizontal bar


def phrase(label: str) -> str:
    """A column label inside a sentence: "Cost (USD)" -> "cost (USD)"."""
    return label[:1].lower() + label[1:]


def model_colours(models: list[str]) -> dict[str, str]:
    """One colour per model, the same on every page: assigned in sorted name order."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(models)))}


def report_charts(rows: list[PricedRow], colours: dict[str, str]) -> list[Chart]:
    """Cost per model, latency per model, and cost against latency."""
    cost, latency = METRICS["cost_usd"], METRICS["latency_ms"]
    return [
        bar_chart("cost", "Cost per model", rows, cost, colours),
        bar_chart("latency", "Latency per model", rows, latency, colours),
        scatter_chart("cost-latency", "Cost against latency", rows, latency, cost, colours),
    ]


def bar_chart(
    key: str, title: str, rows: list[PricedRow], metric: Metric, colours: dict[str, str]
) -> Chart:
    shown = [r for r in rows if metric.value(r) is not None]
    names = [html.escape(r.model) for r in shown]
    values = [float(metric.value(r)) for r in shown]  # type: ignore[arg-type]
    # Many models: horizontal bars, one line of height each, so long names stay readable.
    across = len(shown) > MAX_VERTICAL_BARS
    trace = {
        "hovertemplate": f"%{{{'y' if across else 'x'}}}<br>{metric.label}: %{{text}}"
        "<extra></extra>",
        "marker": {"color": [colours[r.model] for r in shown]},
        "text": [metric.format(metric.value(r)) for r in shown],  # type: ignore[arg-type]
        "textposition": "auto",
        "x": values if across else names,
        "y": names if across else values,
        "type": "bar",
    }
    if across:
        trace["orientation"] = "h"
        layout = base_layout(title, metric.label, "Model", numeric="x")
        layout["height"] = max(380, BAR_HEIGHT * len(shown) + 120)
        layout["yaxis"]["autorange"] = "reversed"
    else:
        layout = base_layout(title, "Model", metric.label, numeric="y")
    figure = {"data": [trace], "layout": layout}
    description = (
        f"Bar chart of {phrase(metric.label)} for each model; the table has the values."
    )
    table = tuple((r.model, plain(metric.value(r))) for r in shown)
    return Chart(
        key,
        title,
        description,
        figure,
        left_out(rows, shown),
        ("Model", metric.label),
        table,
    )


def scatter_chart(
    key: str, title: str, rows: list[PricedRow], x: Metric, y: Metric, colours: dict[str, str]
) -> Chart:
    shown = [r for r in rows if x.value(r) is not None and y.value(r) is not None]
    traces = [point_trace(r, x, y, colours[r.model]) for r in shown]
    layout = base_layout(title, x.label, y.label, legend=len(shown) <= MAX_LEGEND)
    figure = {"data": traces, "layout": layout}
    description = (
        f"Scatter plot of {phrase(y.label)} against {phrase(x.label)}, one point "
        "per model; lower left is cheaper and faster."
    )
    table = tuple((r.model, plain(x.value(r)), plain(y.value(r))) for r in shown)
    return Chart(
        key,
        title,
        description,
        figure,
        left_out(rows, shown),
        ("Model", x.label, y.label),
        table,
    )


def point_trace(row: PricedRow, x: Metric, y: Metric, colour: str) -> dict[str, Any]:
    """One model as a scatter trace of its own, so the legend lists every model."""
    x_value, y_value = x.value(row), y.value(row)
    if x_value is None or y_value is None:
        raise ValueError(f"{row.model} has no {x.key} or no {y.key} to plot")
    name = html.escape(row.model)
    return {
        "customdata": [[x.format(x_value), y.format(y_value)]],
        "hovertemplate": (
            f"{name}<br>{x.label}: %{{customdata[0]}}"
            f"<br>{y.label}: %{{customdata[1]}}<extra></extra>"
        ),
        "marker": {"color": colour, "size": 14},
        "mode": "markers",
        "name": name,
        "x": [float(x_value)],
        "y": [float(y_value)],
        "type": "scatter",
    }


def base_layout(
    title: str, x_title: str, y_title: str, legend: bool = False, numeric: str = "xy"
) -> dict[str, Any]:
    """Layout shared by every chart; ``numeric`` names the axes that carry numbers, which
    start at zero and read as plain numbers (no "35µ" for 0.000035 USD)."""
    # Colours are left to charts.js, which takes them from the page's palette; the
    # template is what Plotly's ``template="none"`` serialises to.
    layout: dict[str, Any] = {
        "height": 380,
        "margin": {"b": 60, "l": 60, "r": 20, "t": 50},
        "showlegend": legend,
        "template": {"data": {"scatter": [{"type": "scatter"}]}},
        "title": {"text": html.escape(title)},
        "xaxis": {"automargin": True, "title": {"text": x_title}},
        "yaxis": {"automargin": True, "title": {"text": y_title}},
    }
    for axis in numeric:
        layout[f"{axis}axis"].update(
            {"exponentformat": "none", "rangemode": "tozero", "separatethousands": True}
        )
    return layout


def left_out(rows: list[PricedRow], shown: list[PricedRow]) -> tuple[str, ...]:
    kept = {id(r) for r in shown}
    return tuple(r.model for r in rows if id(r) not in kept)


def plain(value: Decimal | float | int | None) -> str:
    """A number in plain notation at full precision, as the CSV download gives it."""
    return "" if value is None else format(Decimal(str(value)).normalize(), "f")


def cell_text(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``extra`` laid over it, nested dictionaries merged key by key."""
    out = dict(base)
    for key, value in extra.items():
        inner = out.get(key)
        out[key] = (
            merged(inner, value)
            if isinstance(inner, dict) and isinstance(value, dict)
            else value
        )
    return out
