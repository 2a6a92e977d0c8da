"""Snippet doctests run while the site builds; a failing example stops it and is named."""

from __future__ import annotations

import re

import pytest

from benchsite.build import generate
from benchsite.errors import BenchError

SNIPPETS = "reports/async-cache-race/snippets"


def returns(path):
    return [m.group(0) for m in re.finditer(r"^ +return .+$", path.read_text(), re.M)]


@pytest.mark.parametrize(
    "name", ["fix_lock.py", "fix_future.py", "fix_task.py", "original.py"]
)
def test_breaking_any_return_fails_the_build_naming_the_snippet(project, edit, name):
    path = project.data / SNIPPETS / name
    found = returns(path)
    assert found
    for statement in found:
        original = path.read_text()
        edit(path, statement, re.sub(r"return .+", "return None", statement))
        with pytest.raises(BenchError) as caught:
            generate(project)
        message = str(caught.value)
        assert f"{path}:" in message and "doctest: example `" in message, statement
        path.write_text(original)


def test_hanging_snippet_is_stopped_and_named(project, edit):
    path = project.data / SNIPPETS / "fix_task.py"
    edit(path, ">>> import asyncio\n", ">>> import asyncio\n>>> while True: pass\n")
    with pytest.raises(
        BenchError,
        match=r"fix_task\.py: doctest: stopped after 2 s in the example on line \d+, "
        r"`while True: pass`",
    ):
        generate(project, snippet_timeout=2)


def test_snippets_run_in_an_empty_folder_without_the_callers_environment(project, monkeypatch):
    monkeypatch.setenv("BENCH_SECRET", "hunter2")
    path = project.data / SNIPPETS / "original.py"
    path.write_text(
        path.read_text().replace(
            '"""\n\ncache = {}',
            '>>> import os\n>>> "BENCH_SECRET" in os.environ, os.listdir(".")\n(False, [])\n'
            '"""\n\ncache = {}',
            1,
        )
    )
    generate(project)
