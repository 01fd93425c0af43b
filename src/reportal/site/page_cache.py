"""Issued report pages and generated pages converted once: their HTML kept on disk by the hash
of what made it.

An issued report renders only from its frozen snapshot, so its converted content (macro blocks
rendered, Markdown converted, sanitised) depends on nothing but its Markdown, its front matter,
its snapshot, the portal language, the Markdown configuration and the code doing the work. With
all of those in the key, a build whose report did not change takes the page's content, table of
contents and anchors from ``.reportal-cache/pages/`` instead of converting it again: editing one
report of a thousand converts one page, not a thousand.

Not cached: drafts and reports in review (they follow today's exports), and any report page
whose Markdown holds a link or an image (MkDocs rewrites those against the other files of the
build). Pages the site plan generates (listings, dashboards, register, plan: full of links) are
kept too, keyed by their own address and the build's whole file set as well
(``generated_key``, ``site/generated_cache.py``). The cache is a shortcut only: a fresh clone
(CI) converts every page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from reportal.cachedir import PAGES_DIR, write_atomic
from reportal.cachedir import code_stamp as package_stamp

GENERATED_DIR = "generated"  # pages the site plan generates (site/generated_cache.py)
FORMAT = "reportal-page/3"
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "mkdocs-macros-plugin")
_LINKING = re.compile(r"\]\s*[\(\[:]|<a\s|\bhref\s*=|\bsrc\s*=", re.IGNORECASE)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # Page.render keeps links by its level


@dataclass(frozen=True)
class CachedPage:
    """A report page's converted content, before its header and print blocks are added."""

    body: str  # content HTML with block placeholders
    blocks: dict[str, str]  # placeholder -> block HTML (put in when the page is written)
    toc: list[dict[str, Any]]  # Python-Markdown toc tokens
    anchors: list[str]  # the page's anchor ids (MkDocs checks links to them)
    search: dict[str, Any] | None = None  # Material's search entries (site/search_cache.py)
    title: str | None = None  # the first h1's text (MkDocs' title when the meta has none)
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # target src_uri -> anchors

    def apply_to(self, page: Page, files: Files | None = None) -> None:
        """What ``Page.render`` would have set from this content (``files``: the build's files,
        to find the pages whose anchors it links to)."""
        page.toc = get_toc(self.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = set(self.anchors)
        page._title_from_render = self.title
        page.links_to_anchors = {}
        if files is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as render
            page.links_to_anchors = links_to_files(self.links, files)


def skip_render(page: Page) -> None:
    """MkDocs renders every page it reads (``Page.render``: a Markdown instance with every
    extension, about 0.7 ms even for a one-word stand-in); a page taken from this cache gets
    all it sets from ``CachedPage.apply_to`` instead, so its render only sets empty content
    (and takes itself off the page, which is then as any other: ``html_cache.page_digest``)."""

    def render(config: MkDocsConfig, files: Files) -> None:
        del page.render
        page.content = ""

    page.render = render  # type: ignore[method-assign]


class PageCache:
    """Converted pages under ``folder`` (None: no cache)."""

    def __init__(self, folder: Path | None, salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.hits = 0

    @classmethod
    def open(
        cls, folder: Path | None, config: MkDocsConfig, language: str, kind: str = PAGES_DIR
    ) -> PageCache:
        """The cache of ``kind`` (``PAGES_DIR``: issued reports; ``GENERATED_DIR``)."""
        stamps = (markdown_stamp(config), links_stamp(config), search_stamp(config))
        salt = _digest(FORMAT, code_stamp(), language, *stamps)
        return cls(folder / kind if folder is not None else None, salt)

    def key(self, markdown: str, meta: dict[str, Any], snapshot_sha256: str) -> str | None:
        """The key of a page from an issued report's Markdown and snapshot; None when the page
        is not cacheable (no cache, or the Markdown links to other files)."""
        if self.folder is None or _LINKING.search(markdown):
            return None
        return _digest(self.salt, snapshot_sha256, _meta_text(meta), markdown)

    def generated_key(
        self, src_uri: str, markdown: str, meta: Mapping[str, Any], files_digest: str
    ) -> str | None:
        """The key of a page the site plan generates: its address, Markdown and meta, and the
        digest of the build's files its links are resolved against (None: no cache)."""
        if self.folder is None:
            return None
        return _digest(self.salt, "generated", src_uri, files_digest, _meta_text(meta), markdown)

    def get(self, key: str) -> CachedPage | None:
        assert self.folder is not None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            page = _cached_page(data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
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
            "title": page.title,
            "links": page.links,
        }
        text = json.dumps(data, ensure_ascii=False)
        write_atomic(self.folder / f"{key}.json", text.encode("utf-8"))


def _cached_page(data: dict[str, Any]) -> CachedPage:
    search, title, links = data.get("search"), data.get("title"), data.get("links") or {}
    return CachedPage(
        str(data["body"]),
        dict(data["blocks"]),
        list(data["toc"]),
        list(data["anchors"]),
        dict(search) if isinstance(search, dict) else None,
        str(title) if title is not None else None,
        {str(uri): dict(anchors) for uri, anchors in dict(links).items()},
    )


def links_by_uri(links: Mapping[File, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    """``Page.links_to_anchors`` as plain data: target source path -> {anchor: link}."""
    return {file.src_uri: dict(anchors) for file, anchors in (links or {}).items()}


def links_to_files(
    links: Mapping[str, Mapping[str, str]], files: Files
) -> dict[File, dict[str, str]]:
    """Kept links to anchors back on this build's ``File`` objects (a target that is not in the
    build any more is left out: a file set that differs gives the page another key)."""
    found: dict[File, dict[str, str]] = {}
    for uri, anchors in links.items():
        target = files.get_file_from_path(uri)
        if target is not None:
            found[target] = dict(anchors)
    return found


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


def links_stamp(config: MkDocsConfig) -> str:
    """How MkDocs resolves and reports links (``validation``): an absolute link is rewritten
    with ``absolute_links: relative_to_docs``, and each level decides what is logged."""
    return _ADDRESS.sub("", repr(sorted(_flat(config["validation"]).items())))


def search_stamp(config: MkDocsConfig) -> str:
    """The search plugin's settings (separator, language...): they make the entries kept."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return _ADDRESS.sub("", repr(sorted(_flat(plugin.config).items())))
    return ""


def _flat(settings: Any) -> dict[str, Any]:
    """A config (or sub-config) as plain data, sub-configs as dicts."""
    return {
        key: _flat(value) if hasattr(value, "items") else value for key, value in settings.items()
    }


def code_stamp() -> str:
    """A hash of Reportal's package files and the versions of the libraries that convert a page."""
    return package_stamp(
        "**/*.py", "**/*.html", "**/*.yml", "**/*.js", "**/*.css", packages=PACKAGES
    )


def _meta_text(meta: Mapping[str, Any]) -> str:
    return json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str)


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()
