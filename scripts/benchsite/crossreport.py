"""Pages across reports: one page per model, the leaderboard, downloads and the feed.

A model is the same model in two reports when its name is spelled the same. Costs in the
leaderboard add up what each report measured (one prompt in a hand-written report, a whole
benchmark run in an imported one), so they compare models within the same kind of report
best; the leaderboard page says so.
"""

from __future__ import annotations

import html
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from feedgen.feed import FeedGenerator

from . import text
from .charts import Chart, base_layout
from .metrics import PricedRow, significant, whole
from .model import Report, Site
from .publish import as_json, table_csv
from .render import doc, unique_slugs

DASH = "\u2014"


@dataclass(frozen=True)
class ModelResult:
    """One model's row in one report, as listed on the model's page."""

    report_slug: str = doc("URL name of the report.")
    report_title: str = doc("Title of the report (escaped by the template).")
    report_date: str = doc("Publication date of the report.")
    verdict: str = doc("yes, no, a score, or an em dash.")
    latency: str = doc("Formatted latency in ms, or an em dash.")
    cost: str = doc("Formatted cost in USD, or an em dash.")
    run_date: str = doc("Day the model was run, or an em dash.")
    price_date: str = doc("Effective date of the price used, or an em dash.")
    cost_reported: bool = doc("True when the cost is as reported, not tokens x price.")


@dataclass(frozen=True)
class ModelPage:
    """Context of ``model.md.j2``: every result of one model."""

    name: str = doc("Model name (escaped by the template).")
    slug: str = doc("URL name of the model page.")
    title_yaml: str = doc("HTML-escaped title as a YAML string for the front matter.")
    results: list[ModelResult] = doc("The model's results, newest report first.")


@dataclass(frozen=True)
class Standing:
    """One model's line on the leaderboard; raw values drive sorting and the chart."""

    name: str = doc("Model name (escaped by the template).")
    slug: str = doc("URL name of the model page.")
    reports: int = doc("Number of reports the model appears in.")
    scored: int = doc("Runs with a verdict, which the mean score averages over.")
    mean_score: float | None = doc("Mean of pass (1) / fail (0) and scores; None if none.")
    total_cost: Decimal | None = doc("Sum of known costs, USD.")
    mean_cost: Decimal | None = doc("Mean of known costs per run, USD; the chart's x axis.")
    cost_per_correct: Decimal | None = doc("Known cost / correct answers; None if none.")
    median_latency: Decimal | None = doc("Median of known latencies, ms.")


@dataclass(frozen=True)
class LeaderboardPage:
    """Context of ``leaderboard.md.j2``."""

    standings: list[Standing] = doc("Models, best mean score first.")
    chart: Chart = doc("Cost against score, with the Pareto front marked.")
    image_formats: tuple[str, ...] = doc("Static image formats written for the chart.")


@dataclass(frozen=True)
class ModelIndexPage:
    """Context of ``models.md.j2``: the Models section's own page."""

    models: list[Standing] = doc("Every model, in name order.")


def model_slugs(site: Site) -> dict[str, str]:
    """A distinct URL name for every model on the site."""
    return unique_slugs({row.model for r in site.reports for row in r.results})


def rows_by_model(
    site: Site, priced: dict[str, list[PricedRow]]
) -> dict[str, list[tuple[Report, PricedRow]]]:
    grouped: dict[str, list[tuple[Report, PricedRow]]] = defaultdict(list)
    for report in site.reports:
        for row in priced[report.slug]:
            grouped[row.model].append((report, row))
    return grouped


def verdict_value(row: PricedRow) -> float | None:
    """1 for pass, 0 for fail, the score when graded, None when no verdict."""
    if row.row.correct is not None:
        return 1.0 if row.row.correct else 0.0
    return row.row.score


def verdict_text(row: PricedRow) -> str:
    value = verdict_value(row)
    if row.row.correct is not None:
        return "yes" if row.row.correct else "no"
    return DASH if value is None else f"{value:.2f}"


def model_page(name: str, slug: str, rows: list[tuple[Report, PricedRow]]) -> ModelPage:
    results = [
        ModelResult(
            report.slug,
            report.meta.title,
            str(report.meta.date),
            verdict_text(row),
            whole(row.row.latency_ms) if row.row.latency_ms is not None else DASH,
            significant(row.cost_usd) if row.cost_usd is not None else DASH,
            str(row.row.run_date or DASH),
            str(row.price.effective_date) if row.price else DASH,
            row.cost_usd is not None and not row.cost_recomputed,
        )
        for report, row in rows
    ]
    title = text.front_matter_text(name)
    return ModelPage(name=name, slug=slug, title_yaml=title, results=results)


def standing(name: str, slug: str, rows: list[tuple[Report, PricedRow]]) -> Standing:
    priced = [row for _, row in rows]
    scores = [v for v in map(verdict_value, priced) if v is not None]
    costs = [r.cost_usd for r in priced if r.cost_usd is not None]
    # Cost per correct answer counts only runs with both a cost and a verdict.
    both = [r for r in priced if r.cost_usd is not None and verdict_value(r) is not None]
    correct = sum(Decimal(str(verdict_value(r))) for r in both)
    spent = sum((r.cost_usd for r in both if r.cost_usd is not None), Decimal(0))
    latencies = [r.row.latency_ms for r in priced if r.row.latency_ms is not None]
    return Standing(
        name=name,
        slug=slug,
        reports=len({report.slug for report, _ in rows}),
        scored=len(scores),
        mean_score=statistics.fmean(scores) if scores else None,
        total_cost=sum(costs, Decimal(0)) if costs else None,
        mean_cost=sum(costs, Decimal(0)) / len(costs) if costs else None,
        cost_per_correct=spent / correct if both and correct else None,
        median_latency=statistics.median(latencies) if latencies else None,
    )


def pareto_front(points: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Points (cost, score, name) that no other point beats on both: cheaper and better."""
    front: list[tuple[float, float, str]] = []
    for cost, score, name in sorted(points, key=lambda p: (p[0], -p[1])):
        if not front or score > front[-1][1]:
            front.append((cost, score, name))
    return front


def cost_score_chart(standings: list[Standing], colours: dict[str, str]) -> Chart:
    points = [
        (float(cost), float(score), s.name)
        for s in standings
        if (cost := s.mean_cost) is not None and (score := s.mean_score) is not None
    ]
    shown = {name for _, _, name in points}
    front = pareto_front(points)
    on_front = {name for _, _, name in front}
    # Models on the front are named on the chart; the rest by hover, as a legend of dozens
    # of models would leave no room for the plot.
    traces: list[dict[str, Any]] = [
        {
            "hovertemplate": f"{html.escape(name)}<br>Mean cost per run: %{{x:.4g}} USD"
            "<br>Mean score: %{y:.2f}<extra></extra>",
            "marker": {"color": colours[name], "size": 11},
            "mode": "markers+text" if name in on_front else "markers",
            "name": html.escape(name),
            "text": [html.escape(name)] if name in on_front else [""],
            "textposition": "top right",
            "cliponaxis": False,
            "x": [x],
            "y": [y],
            "type": "scatter",
        }
        for x, y, name in points
    ]
    traces.append(
        {
            "hoverinfo": "skip",
            "line": {"dash": "dot"},
            "mode": "lines",
            "name": "Pareto front",
            "x": [p[0] for p in front],
            "y": [p[1] for p in front],
            "type": "scatter",
        }
    )
    layout = base_layout(
        "Cost against score", "Mean cost per run (USD)", "Mean score", numeric="y"
    )
    layout["xaxis"].update({"type": "log", "exponentformat": "none"})
    layout["height"] = 480
    left_out = tuple(s.name for s in standings if s.name not in shown)
    description = (
        "Scatter plot of mean score against mean cost per run, one point per "
        "model, with the Pareto front (no model is both cheaper and better) "
        "dotted; the leaderboard table has the values."
    )
    figure = {"data": traces, "layout": layout}
    rows = tuple((name, f"{x:.6g}", f"{y:.4f}") for x, y, name in points)
    return Chart(
        "cost-score",
        "Cost against score",
        description,
        figure,
        left_out,
        ("model", "mean_cost_per_run_usd", "mean_score"),
        rows,
    )


def standings(site: Site, priced: dict[str, list[PricedRow]]) -> list[Standing]:
    """Every model's standing, best mean score first."""
    slugs = model_slugs(site)
    board = [
        standing(name, slugs[name], rows) for name, rows in rows_by_model(site, priced).items()
    ]
    board.sort(key=lambda s: (-(s.mean_score if s.mean_score is not None else -1), s.name))
    return board


def leaderboard_chart(
    site: Site, priced: dict[str, list[PricedRow]], colours: dict[str, str]
) -> Chart:
    """The leaderboard's cost-against-score chart."""
    return cost_score_chart(standings(site, priced), colours)


def downloads(
    site: Site, priced: dict[str, list[PricedRow]], board: LeaderboardPage
) -> dict[str, str]:
    """The leaderboard as CSV and JSON, and every result of every report as one JSON file."""
    table = [
        {
            "model": s.name,
            "reports": s.reports,
            "scored_runs": s.scored,
            "mean_score": s.mean_score,
            "cost_per_correct_usd": s.cost_per_correct,
            "mean_cost_per_run_usd": s.mean_cost,
            "median_latency_ms": s.median_latency,
            "total_cost_usd": s.total_cost,
        }
        for s in board.standings
    ]
    everything: list[dict[str, Any]] = []
    for report in site.reports:
        for row in priced[report.slug]:
            item = row.row.model_dump()
            item.update(
                report=report.slug,
                cost_usd_recomputed=row.cost_usd,
                price_date=row.price.effective_date if row.price else None,
            )
            everything.append(item)
    return {
        "leaderboard/leaderboard.csv": table_csv(table),
        "leaderboard/leaderboard.json": as_json(table),
        "results.json": as_json(everything),
    }


def feed(site: Site, base_url: str) -> str:
    """An Atom feed of reports, newest first; links are absolute when ``base_url`` is set."""
    generator = FeedGenerator()
    generator.id(base_url or "urn:benchsite:reports")
    generator.title("LLM benchmark reports")
    generator.link(href=base_url or "/", rel="alternate")
    generator.language("en")
    for report in reversed(site.reports):
        entry = generator.add_entry()
        link = f"{base_url}reports/{report.slug}/"
        entry.id(link if base_url else f"urn:benchsite:report:{report.slug}")
        entry.title(report.meta.title)
        entry.link(href=link)
        entry.summary(text.plain_text(report.meta.summary))
        day = report.meta.date.isoformat()
        entry.updated(f"{day}T00:00:00+00:00")
        entry.published(f"{day}T00:00:00+00:00")
    newest = max((r.meta.date for r in site.reports), default=None)
    generator.updated(f"{newest.isoformat() if newest else '1970-01-01'}T00:00:00+00:00")
    return str(generator.atom_str(pretty=True).decode("utf-8"))


def render_pages(
    env: Any,
    site: Site,
    priced: dict[str, list[PricedRow]],
    chart: Chart,
    image_formats: tuple[str, ...],
) -> dict[str, str]:
    """Model pages, the leaderboard, its downloads and the feed, by path under docs/."""
    slugs = model_slugs(site)
    files = {}
    template = env.get_template("model.md.j2")
    for name, rows in rows_by_model(site, priced).items():
        page = model_page(name, slugs[name], rows)
        # A page file, not a folder: the navigation then shows one entry per model.
        files[f"models/{page.slug}.md"] = template.render(page=page)
    board = LeaderboardPage(standings(site, priced), chart, image_formats)
    index = env.get_template("models.md.j2")
    files["models/index.md"] = index.render(
        page=ModelIndexPage(sorted(board.standings, key=lambda s: s.name.casefold()))
    )
    files["leaderboard/index.md"] = env.get_template("leaderboard.md.j2").render(page=board)
    files.update(downloads(site, priced, board))
    files["feed.xml"] = feed(site, "")
    return files
