"""Static SVG and PNG of charts, exported by Plotly's own exporter (kaleido) in Chromium.

Images are for places that cannot run JavaScript, such as READMEs. Without a Chromium the
build still succeeds: it says so once and writes no images. Each image is kept in
``.cache/images/`` under a hash of everything that shapes it, so a rebuild of unchanged data
draws nothing again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import vendor

log = logging.getLogger(__name__)

FORMATS = ("svg", "png")
WIDTH = 800  # px; the height is the figure's own
PNG_SCALE = 2  # sharp on high-density screens
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> Path | None:
    """``$BENCHSITE_CHROMIUM`` if set (an empty value means none), else the first Chromium
    found among the usual names."""
    chosen = os.environ.get("BENCHSITE_CHROMIUM")
    names = (chosen,) if chosen is not None else CANDIDATES
    for name in names:
        found = shutil.which(name) if name else None
        if found:
            return Path(found)
    return None


def export(figures: dict[str, dict[str, Any]]) -> dict[str, bytes]:
    """Each figure drawn in the format its path ends with, keyed by that path."""
    browser = find_chromium()
    if browser is None:
        log.warning(
            "No Chromium found (install Debian's chromium package or set "
            "BENCHSITE_CHROMIUM); skipped the SVG and PNG chart images"
        )
        return {}
    started = time.perf_counter()
    folder = vendor.cache_dir() / "images"
    keys = {path: cache_key(path, figure) for path, figure in figures.items()}
    missing = {
        path: figures[path] for path, key in keys.items() if not (folder / key).exists()
    }
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        # A thread of its own, so callers that run an event loop (Playwright, notebooks)
        # can build too.
        with ThreadPoolExecutor(max_workers=1) as pool:
            drawn = pool.submit(asyncio.run, draw_all(missing, browser)).result()
        for path, image in drawn.items():
            (folder / keys[path]).write_bytes(image)
    log.info(
        "Exported %d chart images with %s in %.1f s (%d from the cache)",
        len(figures),
        browser,
        time.perf_counter() - started,
        len(figures) - len(missing),
    )
    return {path: (folder / key).read_bytes() for path, key in keys.items()}


def cache_key(path: str, figure: dict[str, Any]) -> str:
    shaped_by = [figure, options(path, figure), version("kaleido"), vendor.BASIC.version]
    text = json.dumps(shaped_by, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest() + "." + path.rsplit(".", 1)[-1]


async def draw_all(figures: dict[str, dict[str, Any]], browser: Path) -> dict[str, bytes]:
    import kaleido  # imported here: it is only needed when a browser is there to drive

    # The exporter's own step-by-step logging would drown the build's one line per step.
    for name in ("choreographer", "kaleido"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # The site's own plotly.js bundle, so images match the browser; MathJax is off because
    # kaleido would otherwise load it from the network.
    bundle = str(vendor.bundle_file().resolve())
    async with kaleido.Kaleido(
        n=1, path=str(browser), plotlyjs=bundle, mathjax=False
    ) as exporter:
        return {
            path: await exporter.calc_fig(figure, opts=options(path, figure))
            for path, figure in figures.items()
        }


def options(path: str, figure: dict[str, Any]) -> dict[str, Any]:
    extension = path.rsplit(".", 1)[-1]
    height = figure.get("layout", {}).get("height", 400)
    scale = PNG_SCALE if extension == "png" else 1
    return {"format": extension, "width": WIDTH, "height": height, "scale": scale}
