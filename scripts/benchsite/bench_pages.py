"""Page weight of a report page with a cold cache, with the basic and the full plotly.js.

Serves the built site on loopback with gzip, as static hosts do, and loads the page in
headless Chromium with an empty cache. Reports the bytes transferred (headers included), the
bytes of JavaScript, and the time from navigation until the first chart is drawn (the median
of several loads). The same figures follow for a copy of the site that serves the full
plotly.js bundle instead of the basic one. Exits 1 when the basic page is over the budget.

Run ``make bench-pages`` (builds the site first) or ``python -m benchsite.bench_pages``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import browser, vendor

BUDGET = 450_000  # bytes, gzip-compressed, for everything a cold report page transfers
LOADS = 3


@dataclass(frozen=True)
class Weight:
    """What one cold load of a page cost."""

    total: int  # bytes transferred, compressed, headers included
    script: int  # of which JavaScript
    script_raw: int  # JavaScript once decompressed
    requests: int
    first_chart_ms: float
    parts: tuple[tuple[str, str, int], ...] = ()  # (path, kind, bytes transferred)


def measure(context: Any, url: str) -> Weight:
    """Load ``url`` in a fresh page of a fresh context and add up what it transferred,
    including what its workers fetched."""
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url)
    page.wait_for_function(
        """() => {
        const charts = [...document.querySelectorAll('.bench-chart')];
        return charts.length > 0 && charts.every(c => c.dataset.drawn === 'yes');
    }""",
        timeout=30_000,
    )
    page.wait_for_load_state("networkidle")
    first = page.evaluate("""() => Math.min(...performance.getEntriesByType('mark')
        .filter(m => m.name.startsWith('bench-chart-drawn:')).map(m => m.startTime))""")
    parts, raw_js = [], 0
    root = "/".join(url.split("/")[:3])
    for request in finished:
        if request.url.startswith("data:"):
            continue
        sizes = request.sizes()
        response = request.response()
        kind = response.header_value("content-type") or "?" if response else "?"
        # Chromium reports no body size for what a worker fetched; the server's
        # Content-Length (of the compressed body) is the same figure for the rest.
        length = int(response.header_value("content-length") or 0) if response else 0
        body = max(sizes["responseBodySize"], length)
        parts.append(
            (
                request.url.removeprefix(root),
                kind.split(";")[0],
                body + sizes["responseHeadersSize"],
            )
        )
        if "javascript" in kind and response:
            raw_js += len(response.body())
    page.close()
    parts.sort(key=lambda part: -part[2])
    return Weight(
        total=sum(n for _, _, n in parts),
        script=sum(n for _, kind, n in parts if "javascript" in kind),
        script_raw=raw_js,
        requests=len(parts),
        first_chart_ms=float(first),
        parts=tuple(parts),
    )


def cold_loads(site: Path, page: str, loads: int) -> Weight:
    """``loads`` cold loads of ``page``; bytes of the last, median time to first chart."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, browser.serve(site) as base:
        chromium = browser.launch(playwright)
        weights = []
        for _ in range(loads):
            context = chromium.new_context(viewport={"width": 1400, "height": 900})
            weights.append(measure(context, base + page))
            context.close()
        chromium.close()
    median = statistics.median(w.first_chart_ms for w in weights)
    last = weights[-1]
    return Weight(last.total, last.script, last.script_raw, last.requests, median, last.parts)


def with_full_bundle(site: Path, folder: Path) -> Path:
    """A copy of ``site`` that serves the full plotly.js bundle."""
    copy = folder / "site-full"
    shutil.copytree(site, copy)
    (copy / vendor.BUNDLE_PATH).write_bytes(vendor.full_bundle())
    return copy


def report(rows: dict[str, Weight], page: str, detail: bool) -> str:
    lines = [
        f"Cold load of /{page} over loopback, gzip, headless Chromium "
        f"(time: median of {LOADS} loads)",
        f"{'plotly.js bundle':<18}{'total gzip':>12}{'JS gzip':>11}{'JS raw':>12}"
        f"{'requests':>10}{'first chart':>13}",
    ]
    for name, w in rows.items():
        lines.append(
            f"{name:<18}{w.total / 1000:>9.1f} kB{w.script / 1000:>8.1f} kB"
            f"{w.script_raw / 1000:>9.1f} kB{w.requests:>10}"
            f"{w.first_chart_ms:>10.0f} ms"
        )
    if detail:
        lines.append("Requests of the basic page, largest first:")
        lines += [
            f"  {n / 1000:>7.1f} kB  {kind:<24}{path}" for path, kind, n in rows["basic"].parts
        ]
    basic = rows["basic"].total
    verdict = "within" if basic <= BUDGET else "OVER"
    lines.append(
        f"Budget {BUDGET / 1000:.0f} kB gzip: basic bundle {verdict} budget "
        f"({(basic - BUDGET) / 1000:+.1f} kB)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="built site (site)")
    parser.add_argument(
        "--page",
        default="reports/async-cache-race/",
        help="page to load, relative to the site root",
    )
    parser.add_argument("--detail", action="store_true", help="list every request")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        full = with_full_bundle(args.site, Path(folder))
        rows = {
            "basic": cold_loads(args.site, args.page, LOADS),
            "full": cold_loads(full, args.page, LOADS),
        }
    print(report(rows, args.page, args.detail))
    return 0 if rows["basic"].total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
