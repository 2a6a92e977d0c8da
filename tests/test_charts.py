"""Chart figures are plain dictionaries; Plotly's validating graph objects must agree."""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import pytest

from benchsite import embed
from benchsite.charts import Chart, model_colours, report_charts
from benchsite.load import load_site
from benchsite.metrics import METRICS, site_rows

DATA = Path(__file__).resolve().parent.parent / "data"


def validated(figure: dict[str, Any]) -> dict[str, Any]:
    """The figure after a trip through Plotly's graph objects with validation on."""
    return json.loads(go.Figure(figure).to_json(validate=True))  # type: ignore[no-any-return]


def site_charts() -> list[Chart]:
    site = load_site(DATA)
    pages = embed.site_pages(site, site_rows(site)).values()
    return [chart for page in pages for chart in page.charts]


@pytest.mark.parametrize("chart", site_charts(), ids=lambda c: c.key)
def test_every_figure_passes_plotly_validation_unchanged(chart: Chart) -> None:
    assert validated(chart.figure) == chart.figure


def test_bar_figure_matches_the_graph_object_build() -> None:
    site = load_site(DATA)
    report = next(r for r in site.reports if 1 < len(r.results) <= 12)
    rows = site_rows(site)[report.slug]
    colours = model_colours([row.model for r in site.reports for row in r.results])
    metric = METRICS["latency_ms"]
    shown = [r for r in rows if metric.value(r) is not None]
    trace = go.Bar(
        x=[html.escape(r.model) for r in shown],
        y=[float(metric.value(r)) for r in shown],  # type: ignore[arg-type]
        marker_color=[colours[r.model] for r in shown],
        text=[metric.format(metric.value(r)) for r in shown],  # type: ignore[arg-type]
        textposition="auto",
        hovertemplate=f"%{{x}}<br>{metric.label}: %{{text}}<extra></extra>",
    )
    layout = go.Layout(
        template="none",
        title={"text": "Latency per model"},
        xaxis={"title": {"text": "Model"}, "automargin": True},
        yaxis={
            "title": {"text": metric.label},
            "rangemode": "tozero",
            "automargin": True,
            "exponentformat": "none",
            "separatethousands": True,
        },
        showlegend=False,
        margin={"l": 60, "r": 20, "t": 50, "b": 60},
        height=380,
    )
    expected = json.loads(go.Figure(trace, layout=layout).to_json(validate=True))
    latency = next(c for c in report_charts(rows, colours) if c.key == "latency")
    assert latency.figure == expected
    assert latency.json() == dataclasses.replace(latency, figure=expected).json()


def test_many_models_get_horizontal_bars_tall_enough_to_read() -> None:
    site = load_site(DATA)
    report = max(site.reports, key=lambda r: len(r.results))
    assert len(report.results) > 12
    rows = site_rows(site)[report.slug]
    colours = model_colours([row.model for r in site.reports for row in r.results])
    cost = next(c for c in report_charts(rows, colours) if c.key == "latency")
    trace = cost.figure["data"][0]
    assert trace["orientation"] == "h"
    assert len(trace["y"]) == sum(r.row.latency_ms is not None for r in rows)
    assert cost.figure["layout"]["height"] >= 22 * len(trace["y"])
    go.Figure(cost.figure)  # still a valid Plotly figure
    scatter = next(c for c in report_charts(rows, colours) if c.key == "cost-latency")
    assert scatter.figure["layout"]["showlegend"] is False
