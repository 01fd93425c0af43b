"""Generated pages in the page cache: what, besides their Markdown, their conversion depends on.

A page the site plan generates (a listing, a dashboard, the register, the plan) is made of links.
MkDocs converts a link against the other files of the build: the target's address becomes a
relative URL, a missing target or anchor is logged, and the page records which anchors of which
pages it links to (``Page.links_to_anchors``, checked after every page is rendered). So a
generated page's key holds, besides its address, Markdown and meta (``PageCache.generated_key``):

- ``files_digest``: every file of the build by source path, address, output path and inclusion,
  computed once per build after every file is added. A file that appears, goes or moves makes
  every generated page convert again (a link may now resolve elsewhere, or nowhere);
- the page cache's salt: Reportal's code and the converting libraries, the portal language,
  the Markdown extensions and ``use_directory_urls``, the ``validation`` settings, the search
  plugin's settings.

Nothing else goes in: Python-Markdown sees the page's Markdown and these only (an extension that
reads other files, such as ``pymdownx.snippets``, is not used on generated pages).

A page whose conversion logs anything at INFO or above (a link to a missing page, an
unrecognised link) is not kept: a build from the cache would not say it again, and a strict
build would pass (a message below the logger's level, as INFO under ``mkdocs build -q``, is
not seen). Its links to anchors are kept by target source path and found again in the
next build's files, so an anchor that a target page lost is still reported.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace
from typing import Any

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from reportal.site.macros import placed_blocks
from reportal.site.page_cache import CachedPage, PageCache, links_by_uri, toc_tokens

WATCHED_LOGGERS = ("", "mkdocs")  # root (Python-Markdown, extensions) and MkDocs (propagate off)


def files_digest(files: Files) -> str:
    """A digest of what a link is resolved against: every file's source path, address, output
    path and inclusion (in any order)."""
    rows = sorted(
        f"{file.src_uri}\0{file.url}\0{file.dest_uri}\0{file.inclusion.name}" for file in files
    )
    digest = hashlib.sha256()
    for row in rows:
        digest.update(row.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


class LogWatch(logging.Handler):
    """Whether anything was logged at INFO or above while one page was converted."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.logged = False

    def emit(self, record: logging.LogRecord) -> None:
        self.logged = True

    def start(self) -> None:
        self.stop()
        self.logged = False
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).addHandler(self)

    def stop(self) -> bool:
        """Stop watching; whether anything was logged since ``start``."""
        for name in WATCHED_LOGGERS:
            logging.getLogger(name).removeHandler(self)
        return self.logged


class GeneratedPages:
    """The pages the site plan generates in one build, and the page cache that keeps them."""

    def __init__(self, cache: PageCache, uris: frozenset[str] = frozenset()) -> None:
        self.cache = cache
        self.uris = uris
        self.keys: dict[str, str] = {}  # src_uri -> key, for a page converted now
        self.converted = 0
        self.digest: str | None = None  # of this build's files, on the first page
        self.watch = LogWatch()

    def holds(self, page: Page) -> bool:
        return page.file.src_uri in self.uris

    def take(self, markdown: str, page: Page, files: Files) -> CachedPage | None:
        """The page from the cache; else None, its key remembered and its conversion's log
        watched (``markdown``: what is converted, after every other plugin)."""
        if self.digest is None:  # every file is added by now
            self.digest = files_digest(files)
        key = self.cache.generated_key(page.file.src_uri, markdown, page.meta, self.digest)
        cached = self.cache.get(key) if key is not None else None
        if key is not None and cached is None:
            self.keys[page.file.src_uri] = key
            self.watch.start()
        return cached

    def made(self, html: str, page: Page) -> tuple[str, CachedPage] | None:
        """A page converted now, to keep under its key (None: no cache, or its conversion
        logged something, which a build from the cache would not say again)."""
        logged = self.watch.stop()
        self.converted += 1
        key = self.keys.pop(page.file.src_uri, None)
        if key is None or logged:
            return None
        anchors = sorted(page.present_anchor_ids or ())
        kept = CachedPage(html, placed_blocks(page.file.src_path), toc_tokens(page), anchors)
        links = links_by_uri(page.links_to_anchors)
        return key, replace(kept, title=page._title_from_render, links=links)

    def stats(self) -> dict[str, Any]:
        return {"generated_cached": self.cache.hits, "generated_converted": self.converted}
