"""What every importer shares: typed reading of untrusted fields, and writing a report folder.

An importer turns an outside file into an `Imported` value; `write_report` then applies the
site's price rules and writes ``report.json``, ``results.csv`` and, where the source has
per-sample detail, ``samples.csv``. Nothing read from an outside file is trusted: every
field is checked for its type, and a problem raises `BenchError` naming file and field.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import BenchError, Problem
from ..load import PRICE_COLUMNS, Collector, read_csv_rows
from ..metrics import agrees, price_for
from ..model import PriceRow, ResultRow
from ..text import escape_markdown

log = logging.getLogger(__name__)

RESULT_COLUMNS = [name for name in ResultRow.model_fields if name != "line"]
SAMPLE_COLUMNS = [
    "model",
    "sample_id",
    "epoch",
    "prompt",
    "target",
    "answer",
    "score_value",
    "score",
    "input_tokens",
    "output_tokens",
    "time_ms",
]


def fail(file: Path, field_name: str, message: str, line: int | None = None) -> BenchError:
    """An error for one field of an outside file, to be raised by the caller."""
    return BenchError([Problem(file, line, field_name, message)])


@dataclass
class Imported:
    """A report read from an outside tool, before price rules are applied.

    ``meta`` is the content of ``report.json``; ``rows`` hold `ResultRow` fields by name;
    ``samples`` hold `SAMPLE_COLUMNS` values for sources with per-sample detail.
    """

    meta: dict[str, Any]
    rows: list[dict[str, Any]]
    samples: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SourceInfo:
    """Attribution given on the command line; fills the report's ``source``."""

    name: str | None = None
    url: str | None = None
    commit: str | None = None
    retrieved: date | None = None
    licence: str | None = None

    def as_json(
        self,
        default_name: str,
        default_url: str | None = None,
        default_licence: str | None = None,
    ) -> dict[str, Any]:
        licence = self.licence or default_licence
        if not licence:
            raise BenchError(
                "--licence is required: name the licence the source's results "
                "are published under (for example MIT or CC-BY-4.0)"
            )
        source: dict[str, Any] = {"name": self.name or default_name, "licence": licence}
        for key, value in (
            ("url", self.url or default_url),
            ("commit", self.commit),
            ("retrieved", self.retrieved),
        ):
            if value:
                source[key] = str(value)
        return source


class Fields:
    """Typed access to one JSON object of an outside file; errors name file and field path."""

    def __init__(self, data: Any, file: Path, where: str) -> None:
        if not isinstance(data, Mapping):
            raise fail(
                file, where or "(document)", f"expected an object, found {type(data).__name__}"
            )
        self.data, self.file, self.where = data, file, where

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def obj(self, key: str, required: bool = True) -> Fields | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if value is None:
            raise fail(self.file, self.path(key), "missing; this field is required")
        return Fields(value, self.file, self.path(key))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            found = "nothing" if value is None else type(value).__name__
            raise fail(self.file, self.path(key), f"expected text, found {found}")
        return value

    def number(self, key: str, required: bool = False) -> Decimal | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        # bool is an int in Python; a true/false where a number belongs is a mistake.
        if isinstance(value, bool) or not isinstance(value, int | float):
            found = f"{value!r}"[:80]
            raise fail(self.file, self.path(key), f"expected a number, found {found}")
        return decimal(value, self.file, self.path(key))

    def count(self, key: str) -> int | None:
        value = self.number(key)
        if value is None:
            return None
        if value < 0 or value != value.to_integral_value():
            raise fail(
                self.file, self.path(key), f"expected a whole number >= 0, found {value}"
            )
        return int(value)


def decimal(value: Any, file: Path, field_name: str, line: int | None = None) -> Decimal:
    """A finite Decimal from a number or numeric text, keeping the digits as written."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise fail(
            file, field_name, f"expected a number, found {str(value)[:80]!r}", line
        ) from None
    if not number.is_finite():
        raise fail(file, field_name, f"expected a finite number, found {value!r}", line)
    return number


def iso_day(text: str, file: Path, field_name: str, line: int | None = None) -> date:
    """The calendar day of an ISO-8601 date or timestamp, as written (its own time zone)."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise fail(
            file, field_name, f"expected a date YYYY-MM-DD, found {text[:40]!r}", line
        ) from None


def unique_labels(names: list[str], qualifiers: list[list[str]]) -> list[str]:
    """Tell apart rows that share a model name by adding qualifiers until each is unique.

    ``qualifiers[i]`` lists, most readable first, what distinguishes row ``i`` (for example
    edit format, date, commit). Names are compared as the validator compares them.
    """
    labels = list(names)
    for depth in range(1, max((len(q) for q in qualifiers), default=0) + 1):
        keys = [" ".join(label.split()).casefold() for label in labels]
        clashing = {key for key in keys if keys.count(key) > 1}
        if not clashing:
            break
        for i, key in enumerate(keys):
            if key in clashing:
                extra = [q for q in qualifiers[i][:depth] if q]
                labels[i] = f"{names[i]} ({', '.join(extra)})" if extra else names[i]
    return labels


def md_cell(text: str, limit: int = 80) -> str:
    """Untrusted text as one Markdown table cell: one line, shortened, markup escaped."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return escape_markdown(flat) or " "


def md_code(text: str, limit: int = 80) -> str:
    """Untrusted text as an inline code span: backslashes mean nothing inside one, so the
    text stays as it is and only the fence grows past any backticks it holds."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def plain(value: Decimal | float, places: int = 1) -> str:
    """A number for verdict text: fixed decimals, trailing zeros kept short."""
    return f"{Decimal(str(value)):.{places}f}".rstrip("0").rstrip(".")


def read_prices(data_dir: Path) -> list[PriceRow]:
    """The site's price list, validated the same way as by ``benchsite validate``."""
    problems = Collector()
    rows = read_csv_rows(data_dir / "prices.csv", PriceRow, PRICE_COLUMNS, problems)
    problems.raise_if_any()
    return rows


def apply_prices(imported: Imported, prices: list[PriceRow]) -> list[str]:
    """Make rows meet the price rules; returns what was changed, one line per row.

    Token counts need a list price on the run date; without one they are left out (the
    source's own cost, if any, is kept). A reported cost that tokens x price do not give
    gets a ``cost_note`` saying where it comes from.
    """
    notes = []
    day = date.fromisoformat(str(imported.meta["date"]))
    for row in imported.rows:
        tokens = (row.get("input_tokens"), row.get("output_tokens"))
        if tokens == (None, None):
            continue
        run_day = row.get("run_date") or day
        price = price_for(prices, row["model"], run_day)
        if price is None:
            row["input_tokens"] = row["output_tokens"] = None
            notes.append(
                f"{row['model']}: token counts left out; data/prices.csv has no "
                f"price for it on {run_day}"
            )
            continue
        reported, (inputs, outputs) = row.get("cost_usd"), tokens
        if reported is None or inputs is None or outputs is None:
            continue
        computed = (
            inputs * price.input_usd_per_mtok + outputs * price.output_usd_per_mtok
        ) / Decimal(1_000_000)
        if not agrees(reported, computed) and not row.get("cost_note"):
            row["cost_note"] = (
                f"{reported} USD as reported by the source; tokens x list "
                f"price give {computed:.4f} USD. The source may bill cached "
                "or discounted tokens, or have used another price."
            )
    return notes


def write_report(imported: Imported, out: Path, prices: list[PriceRow]) -> list[str]:
    """Write ``out/report.json``, ``results.csv`` and ``samples.csv`` (when there are samples).

    Returns notes on rows changed by the price rules. Files of the folder that the import
    does not write are left alone.
    """
    notes = apply_prices(imported, prices)
    out.mkdir(parents=True, exist_ok=True)
    report = json.dumps(imported.meta, indent=2, ensure_ascii=False, default=str) + "\n"
    (out / "report.json").write_text(report, encoding="utf-8")
    write_csv(out / "results.csv", RESULT_COLUMNS, imported.rows)
    if imported.samples:
        write_csv(out / "samples.csv", SAMPLE_COLUMNS, imported.samples)
    for note in notes:
        log.warning("%s", note)
    return notes


def write_csv(path: Path, columns: list[str], rows: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([csv_cell(row.get(name)) for name in columns])


def csv_cell(value: Any) -> str:
    """A CSV cell: empty when unknown, lower-case booleans, numbers without exponents."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)
