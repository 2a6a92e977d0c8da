"""Runs one snippet's doctests and writes the outcome as JSON.

Started by `benchsite.snippets` as ``python -I doctest_child.py SNIPPET OUTCOME`` in a
temporary folder; it imports nothing from the package, so it runs with only the standard
library. It writes to the OUTCOME file, since the snippet may print. The JSON shape
``{"attempted", "failed", "failures": [{"line", "source", "want", "got"}]}``
is read back by ``snippets.parse_outcome``.
"""

import doctest
import importlib.util
import io
import json
import sys
import traceback


class Recorder(doctest.DocTestRunner):
    """Keeps each failing example instead of printing it."""

    def __init__(self) -> None:
        super().__init__(optionflags=doctest.ELLIPSIS)
        self.kept: list[dict[str, object]] = []

    def report_failure(self, out, test, example, got):  # type: ignore[no-untyped-def]
        self._keep(test, example, got)

    def report_unexpected_exception(self, out, test, example, exc_info):  # type: ignore[no-untyped-def]
        got = "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))
        self._keep(test, example, f"raised {got}")

    def _keep(self, test: doctest.DocTest, example: doctest.Example, got: str) -> None:
        line = (test.lineno or 0) + example.lineno + 1
        self.kept.append(
            {"line": line, "source": example.source.strip(), "want": example.want, "got": got}
        )


def main(path: str, outcome_path: str) -> None:
    spec = importlib.util.spec_from_file_location("snippet", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["snippet"] = module
    spec.loader.exec_module(module)

    runner = Recorder()
    for test in doctest.DocTestFinder().find(module, "snippet", module=module):
        runner.run(test, out=io.StringIO().write)
    outcome = {"attempted": runner.tries, "failed": runner.failures, "failures": runner.kept}
    with open(outcome_path, "w", encoding="utf-8") as handle:
        json.dump(outcome, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
