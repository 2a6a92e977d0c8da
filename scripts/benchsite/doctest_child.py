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

    def __init__(self, running: str) -> None:
        super().__init__(optionflags=doctest.ELLIPSIS)
        self.kept: list[dict[str, object]] = []
        self.running = running

    def report_failure(self, out, test, example, got):  # type: ignore[no-untyped-def]
        self._keep(test, example, got)

    def report_unexpected_exception(self, out, test, example, exc_info):  # type: ignore[no-untyped-def]
        got = "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))
        self._keep(test, example, f"raised {got}")

    def report_start(self, out, test, example):  # type: ignore[no-untyped-def]
        # Written before each example runs, so a parent that stops a hanging snippet can
        # say which example it was.
        with open(self.running, "w", encoding="utf-8") as handle:
            handle.write(f"{self.line(test, example)}\n{example.source.strip()}")

    @staticmethod
    def line(test: doctest.DocTest, example: doctest.Example) -> int:
        return (test.lineno or 0) + example.lineno + 1

    def _keep(self, test: doctest.DocTest, example: doctest.Example, got: str) -> None:
        self.kept.append(
            {
                "line": self.line(test, example),
                "source": example.source.strip(),
                "want": example.want,
                "got": got,
            }
        )


def main(path: str, outcome_path: str) -> None:
    spec = importlib.util.spec_from_file_location("snippet", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["snippet"] = module
    spec.loader.exec_module(module)

    # Beside the outcome file, with the suffix `snippets.timeout_message` looks for.
    runner = Recorder(outcome_path.removesuffix(".json") + ".running")
    for test in doctest.DocTestFinder().find(module, "snippet", module=module):
        runner.run(test, out=io.StringIO().write)
    outcome = {"attempted": runner.tries, "failed": runner.failures, "failures": runner.kept}
    with open(outcome_path, "w", encoding="utf-8") as handle:
        json.dump(outcome, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
