"""Shared fixtures: a copy of the project in a temporary folder, and a built site."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchsite.build import Paths, build_site
from benchsite.render import MANIFEST

ROOT = Path(__file__).resolve().parent.parent


def hand_written_docs() -> list[Path]:
    """Files under docs/ that no generation wrote (the manifest lists those it did)."""
    docs = ROOT / "docs"
    manifest = docs / MANIFEST
    generated = set(json.loads(manifest.read_text())) if manifest.exists() else set()
    generated.add(MANIFEST)
    return [
        p
        for p in sorted(docs.rglob("*"))
        if p.is_file() and str(p.relative_to(docs)) not in generated
    ]


def copy_project(target: Path) -> Paths:
    """The repository's data, hand-written docs and mkdocs.yml, copied under ``target``."""
    shutil.copytree(ROOT / "data", target / "data")
    for source in hand_written_docs():
        copy = target / "docs" / source.relative_to(ROOT / "docs")
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, copy)
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return Paths(
        data=target / "data",
        docs=target / "docs",
        site=target / "site",
        config=target / "mkdocs.yml",
    )


@pytest.fixture
def project(tmp_path: Path) -> Paths:
    """A private copy of the project that a test may change."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The repository's data built once into a temporary site for read-only tests."""
    paths = copy_project(tmp_path_factory.mktemp("built"))
    build_site(paths)
    return paths


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace one exact piece of a file's text, failing if it is not there."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return replace
