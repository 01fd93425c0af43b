"""Mark the "下载 PDF" links whose PDF exists, once the PDFs of an edition are made.

The site renders each PDF link as ``data-pdf-check="pending"``: hidden, with a note that PDFs
are made by ``reportal build`` (what a preview or a ``--no-pdf`` build shows). The PDF stage
flips the marker to ``found`` on the pages whose PDF now sits beside them, so a page never asks
the server for a PDF that is not there. The PDF cache hashes pages with the marker undone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

PENDING = 'data-pdf-check="pending"'
FOUND = 'data-pdf-check="found"'
_LINK = re.compile(
    r'<p class="reportal-actions" data-pdf-check="(?:pending|found)">'
    r'<a class="reportal-pdf" href="(?P<href>[^"#?]+)">'
    r'|<a class="reportal-pdf-small" data-pdf-check="(?:pending|found)" href="(?P<small>[^"#?]+)"'
)
LISTINGS = "reports"  # the listing pages live under reports/ beside the report pages


def unmark(html: str) -> str:
    """The page as the site built it (every marker back to pending)."""
    return html.replace(FOUND, PENDING)


def mark_found_pdfs(edition_dir: Path, pages: Iterable[str]) -> None:
    """Set ``found`` on each PDF link of ``pages`` (edition-relative) whose PDF exists."""
    for rel in pages:
        path = edition_dir / rel
        if not path.is_file():
            continue
        html = path.read_text(encoding="utf-8")
        marked = _LINK.sub(functools.partial(_marked, path.parent), html)
        if marked != html:
            path.write_text(marked, encoding="utf-8")


def listing_pages(edition_dir: Path) -> list[str]:
    """Edition-relative paths of every page under reports/ (listings and report pages)."""
    folder = edition_dir / LISTINGS
    return sorted(p.relative_to(edition_dir).as_posix() for p in folder.rglob("index.html"))


def _marked(folder: Path, match: re.Match[str]) -> str:
    found = (folder / unquote(match["href"] or match["small"])).is_file()
    return match[0].replace(PENDING, FOUND) if found else match[0].replace(FOUND, PENDING)
