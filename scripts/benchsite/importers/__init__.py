"""Importers: result files of outside evaluation tools -> report folders under ``data/``.

One module per outside format; `common` writes the folder and applies the price rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .aider import import_aider
from .common import Imported, SourceInfo, read_prices, write_report
from .inspect_logs import import_inspect
from .promptfoo import import_promptfoo

IMPORTERS: dict[str, Callable[[list[Path], SourceInfo], Imported]] = {
    "inspect": import_inspect,
    "promptfoo": import_promptfoo,
    "aider": import_aider,
}


def run_import(
    kind: str, files: list[Path], out: Path, source: SourceInfo, data_dir: Path
) -> list[str]:
    """Import ``files`` with the ``kind`` importer into the report folder ``out``.

    Prices come from ``data_dir/prices.csv``; returns notes on rows the price rules changed.
    """
    imported = IMPORTERS[kind](files, source)
    imported.meta.setdefault("slug", out.name)
    return write_report(imported, out, read_prices(data_dir))


__all__ = ["IMPORTERS", "Imported", "SourceInfo", "run_import"]
