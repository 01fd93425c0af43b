"""Headless Chromium for the PDF renderer: find the executable, launch it, fence it in.

Chromium is the Debian package (``/usr/bin/chromium``), found through ``$REPORTAL_CHROMIUM`` or
``PATH``; Playwright drives it with ``executable_path`` (``playwright install`` is never
needed).

The built edition is served by a tiny HTTP server bound to 127.0.0.1 whose root is the edition
folder (plus the print fonts, held in memory under a path the edition does not use). Two fences
keep the renderer to the edition's own files: the server sends a Content-Security-Policy
allowing only its own origin, and every tab blocks, inside Chromium, every URL outside that
origin (CDP ``Network.setBlockedURLs``). We do not use Playwright's ``route()`` for this:
routing turns off Chromium's HTTP cache and with it V8's code cache, and plotly.min.js (4.7 MB)
would then be compiled again for every report (measured: 0.61 s instead of 0.34 s to load a
report page).
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, Playwright

CHROMIUM_ENV = "REPORTAL_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
]


def find_chromium() -> str | None:
    """``$REPORTAL_CHROMIUM`` if set, else ``chromium`` / ``chromium-browser`` on PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        usable = Path(configured).is_file() and os.access(configured, os.X_OK)
        return configured if usable else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


async def launch_chromium(playwright: Playwright, executable: str) -> Browser:
    return await playwright.chromium.launch(
        executable_path=executable, args=LAUNCH_ARGS, headless=True
    )


# Screen-only machinery a PDF never needs: Material's search worker would fetch the whole
# search index and build a lunr index in every tab for every report.
SKIPPED_PATHS = ("search/search_index.json", "assets/javascripts/workers/*")

# Every page may load only from its own origin (the edition): images, styles, scripts, fonts,
# fetches and frames elsewhere are refused by the browser itself, frames included.
CONTENT_SECURITY_POLICY = "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'"


class _EditionHandler(SimpleHTTPRequestHandler):
    """Static files of one edition, plus ``extra`` files held in memory (the print fonts, under
    a path the edition does not use); no directory listings, no logging, cacheable."""

    def __init__(self, *args: Any, extra: Mapping[str, bytes], **kwargs: Any) -> None:
        self.extra = extra
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        data = self.extra.get(self.path)
        if data is None:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header(
            "Content-Type", "font/ttf" if self.path.endswith(".ttf") else "application/octet-stream"
        )
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        super().end_headers()

    def list_directory(self, path: Any) -> None:
        self.send_error(404, "No directory listings")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def serve_edition(root: Path, extra: Mapping[str, bytes] | None = None) -> Iterator[str]:
    """Serve ``root`` (and ``extra``: URL path -> bytes) on 127.0.0.1, a free port; yield its
    origin ``http://127.0.0.1:PORT``."""
    handler = functools.partial(
        _EditionHandler, directory=str(root), extra={} if extra is None else extra
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="reportal-pdf-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


async def fence_page(page: Page, origin: str) -> None:
    """Block, inside Chromium, every request of ``page`` that is not for ``origin``; emulate
    print media (through the same CDP session: Playwright's ``emulate_media`` does not survive
    attaching a second session to the page)."""
    session = await page.context.new_cdp_session(page)
    await session.send("Emulation.setEmulatedMedia", {"media": "print"})
    await session.send("Network.enable")
    patterns = [
        *({"urlPattern": f"{origin}/{path}", "block": True} for path in SKIPPED_PATHS),
        {"urlPattern": f"{origin}/*", "block": False},
        {"urlPattern": "*://*:*/*", "block": True},
    ]
    await session.send("Network.setBlockedURLs", {"urlPatterns": patterns})
