"""The built site in a real browser: a loopback server and Debian's Chromium via Playwright.

Shared by the browser tests and the page-weight script. The server compresses text with gzip
as static hosts do, so transfer sizes measured against it are the ones readers pay.
"""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

from .images import find_chromium

# No sandbox because CI runs as root; the rest keeps Chromium from calling home, which
# would break the "no request to another host" checks and add noise to measurements.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".csv", ".xml", ".txt", ".map")


class Handler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it; no access log."""

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free loopback port; yields the base URL, ending in "/"."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch(playwright: Any) -> Any:
    """Headless Debian Chromium; raises when it is not installed, so tests fail loudly."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError(
            "no Chromium found: install Debian's chromium package "
            "(apt-get install -y chromium) or set BENCHSITE_CHROMIUM"
        )
    return playwright.chromium.launch(executable_path=str(chromium), args=ARGS)
