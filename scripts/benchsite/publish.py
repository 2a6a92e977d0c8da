"""Machine-readable files published with the site: the data as CSV and the schemas.

They are written from the validated model, not copied from ``data/``, so the published CSV
has one canonical form (UTF-8, LF line ends, no BOM) whatever a contributor's editor saved.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pandas as pd

from .model import Site, datapackage, json_schemas


def data_files(site: Site) -> dict[str, str]:
    """``{path under docs/: text}`` for prices, each report's results, and the schemas."""
    files = {"prices.csv": table_csv([p.model_dump(mode="json") for p in site.prices])}
    for report in site.reports:
        rows = [r.model_dump(mode="json") for r in report.results]
        files[f"reports/{report.slug}/results.csv"] = table_csv(rows)
        if report.samples:
            samples = [s.model_dump(mode="json") for s in report.samples]
            files[f"reports/{report.slug}/samples.csv"] = table_csv(samples)
    with_samples = [r.slug for r in site.reports if r.samples]
    files["datapackage.json"] = as_json(
        datapackage([r.slug for r in site.reports], with_samples)
    )
    for name, schema in json_schemas().items():
        files[f"schemas/{name}"] = as_json(schema)
    return files


def table_csv(rows: list[dict[str, Any]], header: tuple[str, ...] = ()) -> str:
    """CSV of ``rows``: None is an empty cell, booleans are ``true``/``false``, and whole
    numbers stay whole (object columns keep a gap from turning a column into floats)."""
    names = list(rows[0]) if rows else list(header)
    columns = {n: pd.Series([cell(row[n]) for row in rows], dtype=object) for n in names}
    frame = pd.DataFrame(columns)
    return str(frame.to_csv(index=False, lineterminator="\n"))


def rows_csv(rows: list[tuple[str, ...]]) -> str:
    """CSV of a header row followed by data rows."""
    header, *body = rows
    return table_csv([dict(zip(header, row, strict=True)) for row in body], header)


def cell(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else value


def as_json(value: Any) -> str:
    """JSON in which numbers are numbers (Decimal too) and dates are YYYY-MM-DD."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=json_value) + "\n"


def json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
