"""The ``benchsite`` command: validate, generate, build, serve, new, schema and import.

A `BenchError` is caught here only: its message is printed and the command exits 1. Any
other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import build, scaffold
from .errors import BenchError
from .importers import command as import_command

log = logging.getLogger("benchsite")


DESCRIPTION = (
    "Turn LLM benchmark results kept in data/ (JSON and CSV) into pages under docs/ and a "
    "static site. Run it from the repository root."
)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="benchsite", description=DESCRIPTION)
    main.add_argument("-v", "--verbose", action="store_true", help="log details of each step")
    main.add_argument("--data", type=Path, default=Path("data"), help="data folder (data)")
    main.add_argument("--docs", type=Path, default=Path("docs"), help="docs folder (docs)")
    main.add_argument("--site", type=Path, default=Path("site"), help="output folder (site)")
    main.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="site engine configuration (mkdocs.yml)",
    )
    main.add_argument(
        "--snippet-timeout",
        type=float,
        default=60.0,
        help="seconds each snippet's doctests may run (60)",
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("validate", help="check every data file and list all problems")
    commands.add_parser("generate", help="validate, test snippets, write pages under docs/")
    commands.add_parser("build", help="generate, then build the site with mkdocs --strict")
    new = commands.add_parser("new", help="create a new report folder, ready to fill in")
    new.add_argument("title", help="the report's title; its URL slug is made from it")
    commands.add_parser("clean", help="remove site/ and every generated file under docs/")
    commands.add_parser("schema", help="rewrite data/report.schema.json from the data model")
    import_command.add_parser(commands)
    serve = commands.add_parser("serve", help="live preview; regenerates when data changes")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address (127.0.0.1:8000)")
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        format="%(message)s", level=logging.DEBUG if args.verbose else logging.INFO
    )
    paths = build.Paths(data=args.data, docs=args.docs, site=args.site, config=args.config)
    try:
        if args.command == "validate":
            build.validate(paths)
        elif args.command == "generate":
            build.generate(paths, args.snippet_timeout)
        elif args.command == "build":
            build.build_site(paths, args.snippet_timeout)
        elif args.command == "new":
            folder = scaffold.new_report(paths.data, args.title, date.today().isoformat())
            log.info(
                "Created %s; fill in every %r, then run `make validate`",
                folder,
                scaffold.PLACEHOLDER,
            )
        elif args.command == "clean":
            build.clean(paths)
        elif args.command == "schema":
            build.write_schema(paths)
        elif args.command == "import":
            import_command.run(args)
        elif args.command == "serve":
            serve(paths, args.addr, args.snippet_timeout)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def serve(paths: build.Paths, addr: str, snippet_timeout: float) -> None:
    """Generate, start ``mkdocs serve``, and regenerate whenever a data file changes."""
    from watchfiles import watch

    build.generate(paths, snippet_timeout)
    engine = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "serve",
            "--dev-addr",
            addr,
            "--config-file",
            str(paths.config),
        ]
    )
    try:
        for _ in watch(paths.data):
            try:
                build.generate(paths, snippet_timeout)
            except BenchError as error:
                log.error("error: %s\n(the preview keeps the last good pages)", error)
    finally:
        engine.terminate()
        engine.wait()


if __name__ == "__main__":
    sys.exit(main())
