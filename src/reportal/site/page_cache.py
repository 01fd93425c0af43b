"""Issued report pages converted once: their HTML kept on disk by the hash of what made it.

An issued report renders only from its frozen snapshot, so its converted content (macro blocks
rendered, Markdown converted, sanitised) depends on nothing but its Markdown, its front matter,
its snapshot, the portal language, the Markdown configuration and the code doing the work. With
all of those in the key, a build whose report did not change takes the page's content, table of
contents and anchors from ``.reportal-cache/pages/`` instead of converting it again: editing one
report of a thousand converts one page, not a thousand.

Not cached: drafts and reports in review (they follow today's exports), and any page whose
Markdown holds a link or an image (MkDocs rewrites those against the other files of the build).
The cache is a shortcut only: a fresh clone (CI) converts every page.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from reportal.cachedir import write_atomic

PAGES_DIR = "pages"
FORMAT = "reportal-page/2"
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-macros-plugin")
_LINKING = re.compile(r"\]\s*[\(\[:]|<a\s|\bhref\s*=|\bsrc\s*=", re.IGNORECASE)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


@dataclass(frozen=True)
class CachedPage:
    """A report page's converted content, before its header and print blocks are added."""

    body: str  # content HTML with block placeholders
    blocks: dict[str, str]  # placeholder -> block HTML (put in when the page is written)
    toc: list[dict[str, Any]]  # Python-Markdown toc tokens
    anchors: list[str]  # the page's anchor ids (MkDocs checks links to them)
    search: dict[str, Any] | None = None  # Material's search entries (site/search_cache.py)

    def apply_to(self, page: Page) -> None:
        """What ``Page.render`` would have set from this content."""
        page.toc = get_toc(self.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = set(self.anchors)
        page.links_to_anchors = {}


class PageCache:
    """Converted issued-report pages under ``folder`` (None: no cache)."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.hits = 0

    @classmethod
    def open(cls, folder: Path | None, config: MkDocsConfig, language: str) -> PageCache:
        salt = _digest(FORMAT, code_stamp(), language, markdown_stamp(config))
        return cls(folder / PAGES_DIR if folder is not None else None, salt)

    def key(self, markdown: str, meta: dict[str, Any], snapshot_sha256: str) -> str | None:
        """The key of a page from an issued report's Markdown and snapshot; None when the page
        is not cacheable (no cache, or the Markdown links to other files)."""
        if self.folder is None or _LINKING.search(markdown):
            return None
        meta_text = json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)
        return _digest(self.salt, snapshot_sha256, meta_text, markdown)

    def get(self, key: str) -> CachedPage | None:
        assert self.folder is not None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            search = data.get("search")
            page = CachedPage(
                str(data["body"]),
                dict(data["blocks"]),
                list(data["toc"]),
                list(data["anchors"]),
                dict(search) if isinstance(search, dict) else None,
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return page

    def put(self, key: str, page: CachedPage) -> None:
        """Keep ``page`` under ``key``; a cache that cannot be written is skipped silently."""
        assert self.folder is not None
        data = {
            "body": page.body,
            "blocks": page.blocks,
            "toc": page.toc,
            "anchors": page.anchors,
            "search": page.search,
        }
        text = json.dumps(data, ensure_ascii=False)
        write_atomic(self.folder / f"{key}.json", text.encode("utf-8"))


def toc_tokens(page: Page) -> list[dict[str, Any]]:
    """``page.toc`` back as the toc tokens it was made from."""
    return [_token(link) for link in page.toc]


def _token(link: AnchorLink) -> dict[str, Any]:
    children = [_token(child) for child in link.children]
    return {"level": link.level, "id": link.id, "name": link.title, "children": children}


def markdown_stamp(config: MkDocsConfig) -> str:
    """The Markdown extensions and their settings as text (object addresses left out)."""
    settings = [config["markdown_extensions"], config["mdx_configs"], config["use_directory_urls"]]
    return _ADDRESS.sub("", repr(settings))


def code_stamp() -> str:
    """A hash of Reportal's package files and the versions of the libraries that convert a page."""
    from reportal.cachedir import code_stamp as package_stamp  # one helper for every cache key

    return package_stamp(
        "**/*.py", "**/*.html", "**/*.yml", "**/*.js", "**/*.css", packages=PACKAGES
    )


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
