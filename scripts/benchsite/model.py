"""The data model: one source for validating data files and for the published schemas.

A report is a folder ``data/reports/<folder>/`` holding ``report.json`` (`ReportMeta`),
``results.csv`` (one `ResultRow` per model run) and ``snippets/*.py``. Prices live in
``data/prices.csv`` (one `PriceRow` per model and effective date). An empty CSV cell means
unknown, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from .errors import Problem

Text = Annotated[str, StringConstraints(strip_whitespace=True)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Markdown = Annotated[str, Field(description="Markdown; raw HTML is removed when rendered.")]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class Strict(BaseModel):
    """Rejects fields the model does not know, so a typo in a name is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CsvRow(Strict):
    """A CSV row: an empty cell is an unknown value."""

    line: SkipJsonSchema[int] = Field(default=0, exclude=True)

    @field_validator("*", mode="before")
    @classmethod
    def _empty_is_unknown(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value


class ResultRow(CsvRow):
    """One model run in a report's ``results.csv``."""

    model: Name = Field(description="Model name as the vendor spells it; unique per report.")
    latency_ms: NonNegative | None = Field(None, description="Wall time of the answer, ms.")
    input_tokens: Count | None = Field(None, description="Prompt tokens billed.")
    output_tokens: Count | None = Field(None, description="Completion tokens billed.")
    cost_usd: NonNegative | None = Field(
        None, description="Cost the source reported, USD; checked against tokens x price."
    )
    cost_note: Text | None = Field(
        None, description="Why a reported cost differs from tokens x price, if it does."
    )
    correct: bool | None = Field(None, description="Pass/fail verdict: true or false.")
    score: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="Graded verdict between 0 and 1, when not pass/fail."
    )
    run_date: date | None = Field(None, description="Day the model was run (YYYY-MM-DD).")
    verdict: Text | None = Field(None, description="One-line verdict in plain text.")


class SampleRow(CsvRow):
    """One graded sample in a report's optional ``samples.csv``: the detail behind a model's
    row in ``results.csv``, as evaluation tools record it."""

    model: Name = Field(description="Model name, as in results.csv.")
    sample_id: Name = Field(description="The sample's id in its data set.")
    epoch: Count | None = Field(None, description="Repeat number, when samples ran twice.")
    prompt: str | None = Field(None, description="The input the model received.")
    target: str | None = Field(None, description="The expected answer.")
    answer: str | None = Field(None, description="The model's answer.")
    score_value: Text | None = Field(None, description="The grader's mark as it gave it.")
    score: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="The mark as a number between 0 and 1."
    )
    input_tokens: Count | None = Field(None, description="Input tokens of this sample.")
    output_tokens: Count | None = Field(None, description="Output tokens of this sample.")
    time_ms: NonNegative | None = Field(None, description="Wall time of this sample, ms.")


class PriceRow(CsvRow):
    """One line of ``data/prices.csv``: a model's price from a date on."""

    model: Name = Field(description="Model name, spelled as in the reports' results.csv.")
    input_usd_per_mtok: NonNegative = Field(description="USD per million input tokens.")
    output_usd_per_mtok: NonNegative = Field(description="USD per million output tokens.")
    effective_date: date = Field(description="First day this price applies (YYYY-MM-DD).")
    source: Name = Field(description="Where the price comes from: a URL or a citation.")


class Task(Strict):
    """What every model was asked."""

    prompt: Markdown
    code: str = Field("", description="Code given with the prompt, shown highlighted.")
    language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_+-]*$")] = "python"
    answer_format: Markdown = ""


class Analysis(Strict):
    """What one model's answer did well and badly."""

    model: Name
    text: Markdown


class Winner(Strict):
    """The model the report recommends, and why."""

    model: Name
    why: Markdown


class Takeaway(Strict):
    title: Name
    text: Markdown


class Link(Strict):
    """Further reading; ``url`` is optional for sources without a page of their own."""

    title: Name
    url: AnyHttpUrl | None = None
    note: Markdown = ""


class Question(Strict):
    question: Name
    answer: Markdown


class SnippetRef(Strict):
    """A runnable Python file under the report's folder, with doctest examples."""

    path: Annotated[str, StringConstraints(pattern=r"^[^\\]+\.py$")]
    title: Name
    description: Markdown = ""


class Source(Strict):
    """Where imported results come from, shown on the report page."""

    name: Name
    url: AnyHttpUrl | None = None
    commit: Text | None = None
    retrieved: date | None = None
    licence: Name


class ReportMeta(Strict):
    """The contents of a report's ``report.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_url: str | None = Field(
        None, alias="$schema", description="Path or URL of this JSON Schema, for editors."
    )
    title: Name
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] | None = (
        Field(None, description="URL name; made from the title when absent.")
    )
    summary: Markdown
    date: date
    tags: list[Name] = []
    task: Task
    overview: Markdown = ""
    analysis: list[Analysis] = []
    winner: Winner | None = None
    takeaways: list[Takeaway] = []
    further_reading: list[Link] = []
    faq: list[Question] = []
    snippets: list[SnippetRef] = []
    source: Source | None = None


@dataclass(frozen=True)
class Snippet:
    """A snippet file as read from disk."""

    ref: SnippetRef
    file: Path
    code: str


@dataclass(frozen=True)
class Report:
    """One report, validated: its metadata, result rows and snippet files."""

    slug: str
    folder: Path
    meta: ReportMeta
    results: list[ResultRow]
    snippets: list[Snippet] = field(default_factory=list)
    samples: list[SampleRow] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    """Everything under ``data/``, validated."""

    reports: list[Report]
    prices: list[PriceRow]
    # Scaffold values still to replace; valid data, but not yet publishable.
    placeholders: list[Problem] = field(default_factory=list)


# Table Schema types for the annotations used by CSV rows.
TABLE_TYPES = {
    Decimal: "number",
    int: "integer",
    float: "number",
    bool: "boolean",
    date: "date",
    str: "string",
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas published with the site, by file name; editors use them while typing."""
    report = ReportMeta.model_json_schema(by_alias=True)
    report["title"] = "report.json of an LLM benchmark report"
    return {"report.schema.json": report}


def table_schema(row: type[CsvRow]) -> dict[str, Any]:
    """A Frictionless Table Schema describing the columns of one CSV file."""
    fields = []
    for name, info in row.model_fields.items():
        if name == "line":
            continue
        base = next((t for t in TABLE_TYPES if t in _flat_types(info.annotation)), str)
        spec: dict[str, Any] = {
            "name": name,
            "type": TABLE_TYPES[base],
            "description": info.description or "",
        }
        # Required means a non-empty cell; other columns may be empty when unknown.
        spec["constraints"] = {"required": info.is_required()}
        fields.append(spec)
    return {"fields": fields, "missingValues": [""]}


def csv_resource(name: str, path: str, row: type[CsvRow]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "format": "csv",
        "encoding": "utf-8",
        "schema": table_schema(row),
    }


def datapackage(slugs: list[str], with_samples: list[str]) -> dict[str, Any]:
    """A Frictionless ``datapackage.json`` for the CSV files published with the site:
    ``prices.csv``, each report's ``reports/<slug>/results.csv``, and ``samples.csv`` for
    the reports in ``with_samples``."""
    resources = [csv_resource("prices", "prices.csv", PriceRow)]
    resources += [
        csv_resource(f"results-{slug}", f"reports/{slug}/results.csv", ResultRow)
        for slug in slugs
    ]
    resources += [
        csv_resource(f"samples-{slug}", f"reports/{slug}/samples.csv", SampleRow)
        for slug in with_samples
    ]
    return {
        "name": "llm-benchmark-reports",
        "resources": resources,
        "description": "Results of LLM benchmark reports; units are in the column names.",
    }


def _flat_types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if args is None:
        origin = getattr(annotation, "__origin__", None)
        return [origin or annotation]
    return [t for arg in args for t in _flat_types(arg)]
