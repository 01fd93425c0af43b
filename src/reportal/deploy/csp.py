"""The Content-Security-Policy of an edition: its own files only, and its own inline scripts.

Material writes two small inline scripts into every page (the ``__md_scope`` set-up, whose text
holds the page's depth, and the tab restorer); they are allowed by their SHA-256, collected from
the built edition, so no other inline script runs. Styles allow ``'unsafe-inline'``: plotly.js
inserts ``<style>`` elements when it draws (without it the browser blocks them and the charts
lose their styling: tests/deploy/test_deploy_browser.py); a style cannot run code.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
NOT_JS = re.compile(r"""\b(src|type\s*=\s*["']?application/(ld\+)?json)""", re.I)

BASE_POLICY = (
    "default-src 'none'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)


def script_hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_scripts(html: str) -> set[str]:
    """The inline scripts a browser would run (not ``src=`` nor JSON data)."""
    return {
        match["body"]
        for match in INLINE_SCRIPT.finditer(html)
        if not NOT_JS.search(match["attrs"]) and match["body"].strip()
    }


def edition_hashes(edition_dir: Path) -> list[str]:
    """Sorted hashes of every inline script in the edition's HTML pages (and of Material's
    scope script at every depth)."""
    scripts: set[str] = set()
    for page in sorted(edition_dir.rglob("*.html")):
        scripts |= inline_scripts(page.read_text(encoding="utf-8", errors="replace"))
    return sorted({script_hash(body) for body in scripts} | with_depth_variants(scripts))


def content_security_policy(script_hashes: Iterable[str], style_hashes: Iterable[str] = ()) -> str:
    """The policy text; with ``style_hashes`` styles are limited to those (the landing page)."""
    hashes = "".join(f" {h}" for h in script_hashes)
    parts = [part.format(hashes=hashes) for part in BASE_POLICY]
    styles = list(style_hashes)
    if styles:
        parts[2] = "style-src " + " ".join(styles)
    return "; ".join(parts)


SCOPE = re.compile(r'__md_scope=new URL\("(?P<base>[./]*)",location\)')
MAX_DEPTH = 12


def with_depth_variants(html_scripts: Iterable[str]) -> set[str]:
    """Hashes of Material's ``__md_scope`` script at every page depth up to ``MAX_DEPTH``.

    The script names the page's way back to the site root (``"../.."``), so a page deeper
    than any page built so far would get a new hash; allowing every depth keeps the policy
    valid for the next build of the same theme."""
    found: set[str] = set()
    for body in html_scripts:
        match = SCOPE.search(body)
        if match is None:
            continue
        for depth in range(MAX_DEPTH + 1):
            base = "/".join([".."] * depth) or "."
            found.add(script_hash(body[: match.start("base")] + base + body[match.end("base") :]))
    return found
