"""The ``benchsite import`` subcommand: arguments and what it runs."""

from __future__ import annotations

import argparse
import logging
from datetime import date
from pathlib import Path

from . import IMPORTERS, SourceInfo, run_import

log = logging.getLogger("benchsite")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``import KIND FILE... --out DIR`` and its attribution options."""
    command = commands.add_parser(
        "import", help="turn result files of inspect, promptfoo or aider into a report folder"
    )
    command.add_argument("kind", choices=sorted(IMPORTERS), help="the tool that wrote FILE")
    command.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="result files: Inspect logs (.json/.eval) of one task, one "
        "promptfoo output JSON, or one Aider leaderboard YAML",
    )
    command.add_argument(
        "--out",
        type=Path,
        required=True,
        help="report folder to write, e.g. data/reports/<name>",
    )
    command.add_argument(
        "--licence", help="licence of the source's results (Aider: Apache-2.0 unless given)"
    )
    command.add_argument("--source-name", help="name of the source shown on the page")
    command.add_argument("--source-url", help="page or repository of the source")
    command.add_argument("--source-commit", help="commit or version of the source files")
    command.add_argument(
        "--retrieved", type=date.fromisoformat, help="day the files were copied (YYYY-MM-DD)"
    )


def run(args: argparse.Namespace) -> None:
    source = SourceInfo(
        name=args.source_name,
        url=args.source_url,
        commit=args.source_commit,
        retrieved=args.retrieved,
        licence=args.licence,
    )
    run_import(args.kind, args.files, args.out, source, args.data)
    log.info("Wrote %s; run `benchsite validate` and add the editorial text", args.out)
