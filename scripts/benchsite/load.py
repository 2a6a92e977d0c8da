"""Data files -> the typed model. The only module that reads ``data/``.

Every problem found is collected, with its file, line and field, and raised once as a
`BenchError`, so a contributor sees all of them in one run.
"""

from __future__ import annotations

import ast
import csv
import difflib
import doctest
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from json_source_map import calculate as json_source_map
from pydantic import BaseModel, ValidationError
from slugify import slugify

from .errors import BenchError, Problem
from .metrics import check_costs
from .model import (
    CsvRow,
    PriceRow,
    Report,
    ReportMeta,
    ResultRow,
    SampleRow,
    Site,
    Snippet,
)
from .scaffold import placeholders

RowT = TypeVar("RowT", bound=CsvRow)

REQUIRED_RESULT_COLUMNS = ("model", "latency_ms", "input_tokens", "output_tokens", "cost_usd")
PRICE_COLUMNS = (
    "model",
    "input_usd_per_mtok",
    "output_usd_per_mtok",
    "effective_date",
    "source",
)


class Collector:
    """Gathers problems from every file before anything is raised."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: Path, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(file, line, field, message))

    def about(self, file: Path) -> bool:
        """True when a problem has been found in ``file``."""
        return any(p.file == file for p in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise BenchError(self.problems)


def load_site(data_dir: Path) -> Site:
    """Read and validate everything under ``data_dir``; raise `BenchError` listing all
    problems."""
    problems = Collector()
    if not data_dir.is_dir():
        raise BenchError(f"{data_dir}: data folder not found; run from the repository root")

    prices = read_csv_rows(data_dir / "prices.csv", PriceRow, PRICE_COLUMNS, problems)
    reports = []
    for folder in sorted(p for p in (data_dir / "reports").glob("*") if p.is_dir()):
        report = load_report(folder, problems)
        if report is not None:
            reports.append(report)

    check_unique_slugs(reports, problems)
    for report in reports:
        # A results file with problems already has its errors; a price lookup on a row that
        # is, say, a duplicate would only repeat them in other words.
        if problems.about(report.folder / "results.csv"):
            continue
        for row, message in check_costs(report, prices):
            problems.add(report.folder / "results.csv", row.line, "cost_usd", message)
    problems.raise_if_any()
    return Site(
        reports=sorted(reports, key=lambda r: (r.meta.date, r.slug), reverse=True),
        prices=prices,
        placeholders=placeholders(data_dir),
    )


def load_report(folder: Path, problems: Collector) -> Report | None:
    """One report folder; returns None when its files are too broken to go on."""
    doc = read_json(folder / "report.json", problems)
    meta = validate_json(doc, ReportMeta, problems) if doc else None
    results = read_csv_rows(
        folder / "results.csv", ResultRow, REQUIRED_RESULT_COLUMNS, problems
    )
    if doc is None or meta is None:
        return None

    check_unique_models(folder / "results.csv", results, problems)
    # Rows that failed validation are missing from `results`; naming them as absent would
    # only add noise to the errors already reported for them.
    if not problems.about(folder / "results.csv"):
        check_model_references(doc, meta, results, problems)
    snippets = [
        s
        for s in (read_snippet(doc, i, meta, problems) for i in range(len(meta.snippets)))
        if s
    ]
    samples = read_samples(folder, results, problems)
    slug = meta.slug or slugify(meta.title)
    return Report(
        slug=slug,
        folder=folder,
        meta=meta,
        results=results,
        snippets=snippets,
        samples=samples,
    )


def read_samples(
    folder: Path, results: list[ResultRow], problems: Collector
) -> list[SampleRow]:
    """The optional per-sample detail; each sample's model must have a results row."""
    path = folder / "samples.csv"
    if not path.exists():
        return []
    samples = read_csv_rows(path, SampleRow, ("model", "sample_id"), problems)
    names = [row.model for row in results]
    for sample in samples:
        if results and sample.model not in names:
            problems.add(
                path,
                sample.line,
                "model",
                f"{sample.model!r} has no row in results.csv; {suggest(sample.model, names)}",
            )
    return samples


@dataclass
class JsonDoc:
    """A parsed JSON file that can say on which line a value stands."""

    path: Path
    text: str
    data: Any

    @cached_property
    def lines(self) -> dict[str, int]:
        # Computed only when an error needs a line: most files have none.
        return json_lines(self.text)

    def line(self, loc: list[str]) -> int | None:
        return line_of(self.lines, loc)


def read_json(path: Path, problems: Collector) -> JsonDoc | None:
    """Read and parse a JSON file; a syntax error points at its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.add(path, None, "(file)", "missing; every report folder needs one")
        return None
    try:
        return JsonDoc(path, text, json.loads(text))
    except json.JSONDecodeError as exc:
        line, message = json_syntax(text, exc)
        problems.add(path, line, "(syntax)", message)
        return None


def validate_json(doc: JsonDoc, model: type[BaseModel], problems: Collector) -> Any:
    """``doc`` as ``model``; errors point at the line of the offending value."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [str(part) for part in error["loc"]]
            field = ".".join(loc) or "(document)"
            problems.add(doc.path, doc.line(loc), field, describe(error, model))
        return None


def json_syntax(text: str, error: json.JSONDecodeError) -> tuple[int, str]:
    """Line and message for a JSON syntax error, pointing at a trailing comma when that is
    the cause (the parser only notices it at the next bracket, often a line later)."""
    before = text[: error.pos].rstrip()
    if before.endswith(",") and text[error.pos : error.pos + 1] in "]}":
        line = before.count("\n") + 1
        return line, "not valid JSON: a comma before a closing bracket; remove it"
    return error.lineno, f"not valid JSON at column {error.colno}: {error.msg}"


def json_lines(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line where that key (or value) starts."""
    lines = {}
    for pointer, entry in json_source_map(text).items():
        start = entry.key_start or entry.value_start
        lines[pointer] = start.line + 1
    return lines


def line_of(lines: dict[str, int], loc: list[str]) -> int | None:
    # A missing field has no line of its own: point at the nearest enclosing value.
    for depth in range(len(loc), -1, -1):
        pointer = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in loc[:depth])
        if pointer in lines:
            return lines[pointer]
    return None


# What to say is allowed, by pydantic error type; others fall back to pydantic's message.
ALLOWED = {
    "decimal_parsing": "a number",
    "decimal_type": "a number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "bool_parsing": "true or false",
    "date_parsing": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "finite_number": "a finite number",
    "url_parsing": "an http:// or https:// URL",
    "url_scheme": "an http:// or https:// URL",
    "string_too_short": "at least one character",
}
# What a field's pattern means, for pattern errors (the regular expression helps nobody).
PATTERNS = {
    "path": "a relative path to a .py file in the report's folder, such as snippets/fix.py",
    "slug": "lowercase letters and digits, in words joined by single hyphens",
    "language": "a highlighting language name: letters, digits, _, + or -",
}


def describe(error: Any, model: type[BaseModel]) -> str:
    """A validation error as 'found X; allowed: Y'."""
    kind, found = error["type"], error.get("input")
    if kind == "missing" or (found is None and kind.endswith("_type")):
        return "missing or empty; this field is required"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        return f"unknown field {name!r}; {suggest(name, known_fields(model, error['loc']))}"
    shown = repr(found) if isinstance(found, str | int | float) else type(found).__name__
    ctx = error.get("ctx", {})
    if kind in ALLOWED:
        allowed = ALLOWED[kind]
    elif kind == "string_pattern_mismatch" and str(error["loc"][-1]) in PATTERNS:
        allowed = PATTERNS[str(error["loc"][-1])]
    elif kind in ("greater_than_equal", "less_than_equal"):
        sign = ">=" if kind == "greater_than_equal" else "<="
        bound = ctx.get("ge", ctx.get("le"))
        allowed = f"a number {sign} {bound:g}"
    else:
        allowed = error["msg"][0].lower() + error["msg"][1:]
    return f"found {shown}; allowed: {allowed}"


def known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    # Walks the model along the error's path to the object that holds the unknown key.
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = next((a for a in _model_types(info.annotation)), None) if info else None
    if current is None:
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_types(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _model_types(arg)


def suggest(name: str, allowed: list[str] | tuple[str, ...]) -> str:
    """'did you mean X? allowed: ...' with the nearest allowed name, if one is close."""
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}allowed: {', '.join(allowed)}"


def read_csv_rows(
    path: Path, model: type[RowT], required: tuple[str, ...], problems: Collector
) -> list[RowT]:
    """Rows of a CSV file as ``model``; a UTF-8 BOM and CRLF line ends are read normally."""
    if not path.is_file():
        problems.add(path, None, "(file)", "missing; see CONTRIBUTING.md for its columns")
        return []
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader, [])]
        if not check_header(path, header, model, required, problems):
            return []
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                row = validate_row(path, line, header, cells, model, problems)
                if row is not None:
                    rows.append(row)
            line = reader.line_num + 1
    if not rows and not problems.about(path):
        problems.add(path, 1, "(rows)", "the file has a header but no rows; add one per model")
    return rows


def check_header(
    path: Path,
    header: list[str],
    model: type[CsvRow],
    required: tuple[str, ...],
    problems: Collector,
) -> bool:
    allowed = [name for name in model.model_fields if name != "line"]
    suggested: set[str] = set()
    ok = bool(header)
    for name in header:
        if name not in allowed:
            problems.add(path, 1, name, f"unknown column {name!r}; {suggest(name, allowed)}")
            near = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            suggested.update(near)
            ok = False
    for name in required:
        if name not in header and name not in suggested:
            problems.add(
                path,
                1,
                name,
                "missing required column; add it to the header "
                "(cells may be empty when unknown)",
            )
            ok = False
    seen = [name for name in header if header.count(name) > 1]
    for name in sorted(set(seen)):
        problems.add(path, 1, name, "column appears more than once; keep one")
        ok = False
    return ok


def validate_row(
    path: Path,
    line: int,
    header: list[str],
    cells: list[str],
    model: type[RowT],
    problems: Collector,
) -> RowT | None:
    label = f"model {cells[0].strip()!r}: " if header[:1] == ["model"] and cells else ""
    if len(cells) != len(header):
        problems.add(
            path,
            line,
            "(row)",
            f"{label}has {len(cells)} cells but the header has "
            f"{len(header)}; quote a cell that holds a comma",
        )
        return None
    try:
        return model.model_validate({**dict(zip(header, cells, strict=True)), "line": line})
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0])
            message = describe(error, model)
            if model.model_fields[field].default is None and error["type"] != "missing":
                message += " (leave the cell empty if unknown)"
            problems.add(path, line, field, label + message)
        return None


def check_unique_models(path: Path, rows: list[ResultRow], problems: Collector) -> None:
    seen: dict[str, ResultRow] = {}
    for row in rows:
        key = " ".join(row.model.split()).casefold()
        if key in seen:
            problems.add(
                path,
                row.line,
                "model",
                f"{row.model!r} already appears on line "
                f"{seen[key].line}; each model appears once per report",
            )
        else:
            seen[key] = row


def check_model_references(
    doc: JsonDoc, meta: ReportMeta, rows: list[ResultRow], problems: Collector
) -> None:
    names = [row.model for row in rows]
    refs = [(["analysis", str(i), "model"], a.model) for i, a in enumerate(meta.analysis)]
    if meta.winner:
        refs.append((["winner", "model"], meta.winner.model))
    for loc, name in refs:
        if name not in names:
            problems.add(
                doc.path,
                doc.line(loc),
                ".".join(loc),
                f"{name!r} has no row in results.csv; {suggest(name, names)}",
            )


def read_snippet(
    doc: JsonDoc, index: int, meta: ReportMeta, problems: Collector
) -> Snippet | None:
    """A snippet file, which must stay inside the report folder and hold doctest examples."""
    ref = meta.snippets[index]
    report_json, folder = doc.path, doc.path.parent
    where = ["snippets", str(index), "path"]
    # Errors name the file as the contributor wrote it; the check uses the real path, so a
    # symlink out of the folder is caught too.
    file = folder / ref.path
    if not file.resolve().is_relative_to(folder.resolve()):
        problems.add(
            report_json,
            doc.line(where),
            f"snippets.{index}.path",
            f"{ref.path!r} points outside the report folder; keep snippets in "
            "its snippets/ folder",
        )
        return None
    if not file.is_file():
        problems.add(
            report_json, doc.line(where), f"snippets.{index}.path", f"{ref.path!r} not found"
        )
        return None
    code = file.read_text(encoding="utf-8")
    try:
        examples = count_examples(code, file.name)
    except SyntaxError as exc:
        problems.add(file, exc.lineno, "(syntax)", f"not valid Python: {exc.msg}")
        return None
    if not examples:
        problems.add(
            file,
            None,
            "(doctest)",
            "no doctest examples; a snippet must check its "
            "behaviour with at least one '>>> ' example",
        )
    return Snippet(ref=ref, file=file, code=code)


def count_examples(code: str, name: str) -> int:
    """How many doctest examples a module's docstrings hold, without importing it."""
    parser = doctest.DocTestParser()
    total = 0
    for docstring in docstrings(code):
        total += len(parser.get_examples(docstring, name))
    return total


def docstrings(code: str) -> Iterator[str]:
    tree = ast.parse(code)
    """Every docstring in ``code``; raises SyntaxError when it is not valid Python."""
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            text = ast.get_docstring(node, clean=False)
            if text:
                yield text


def check_unique_slugs(reports: list[Report], problems: Collector) -> None:
    by_slug: dict[str, Report] = {}
    for report in reports:
        other = by_slug.setdefault(report.slug, report)
        if other is not report:
            path = report.folder / "report.json"
            line = line_of(json_lines(path.read_text(encoding="utf-8-sig")), ["title"])
            problems.add(
                path,
                line,
                "title",
                f"gives the URL slug {report.slug!r}, already used by "
                f"{other.folder / 'report.json'}; change the title or set 'slug'",
            )
