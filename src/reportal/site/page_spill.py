"""Converted pages kept on disk between their conversion and their writing.

MkDocs converts every page before it writes the first one (``_populate_page`` for all, then
``_build_page`` for all), so a build holds every page's HTML, its Markdown and its blocks at
once: about 140 MB of a 1,000-report build's peak. Reportal's plugin hands each converted page's
state (``SpilledPage``) to a ``PageSpill`` after the last ``on_page_content`` handler, and takes
it back in the first ``on_page_context`` handler, just before the page is written; once written,
the page lets its content go. The build then holds one page at a time, plus Material's search
entries.

The pages go one after another into one file, in a folder of their own: in the staging tree
when the build is staged (the parent deletes it whatever happens to the worker), else in the
system's temporary folder; ``close`` deletes it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from mkdocs.config.defaults import MkDocsConfig

from reportal.site.html_cache import SEARCH_PLUGINS, foreign_handlers

SPILLED = "RPTLSPILLEDPAGE"  # a spilled page's content until it is taken back
PREFIX = ".reportal-spill-"


@dataclass(frozen=True)
class SpilledPage:
    """What a converted page holds until it is written."""

    content: str  # page.content: the converted HTML, block placeholders in it
    markdown: str | None  # page.markdown, after the macros
    blocks: dict[str, str]  # placeholder -> block HTML (``site/macros.py``)
    state: dict[str, Any] = field(default_factory=dict)  # the plugin's own, by name


class PageSpill:
    """Spilled pages, one after another in one file (creating a file per page cost 2 ms each
    on a plain disk), by the page's ``src_uri``."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: closed, or never opened
        self.places: dict[str, tuple[int, int]] = {}  # src_uri -> (offset, length)
        self.count = 0  # pages put
        self._file: BinaryIO | None = None

    @classmethod
    def open(cls, parent: Path | None = None) -> PageSpill:
        """A new spill folder under ``parent`` (None: the system's temporary folder)."""
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        spill = cls(folder)
        spill._file = (folder / "pages.pickles").open("w+b")
        return spill

    def put(self, uri: str, page: SpilledPage) -> None:
        assert self._file is not None, "the spill is open"
        data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, os.SEEK_END)
        self._file.write(data)
        self.places[uri] = (offset, len(data))
        self.count += 1

    def take(self, uri: str) -> SpilledPage | None:
        """The page ``uri`` as it was put (None: not spilled, or taken already)."""
        place = self.places.pop(uri, None)
        if place is None or self._file is None:
            return None
        self._file.flush()
        data = os.pread(self._file.fileno(), place[1], place[0])
        page: SpilledPage = pickle.loads(data)  # our own file, written above
        return page

    def close(self) -> None:
        """Delete the folder and whatever was not taken (a build that failed half-way)."""
        if self._file is not None:
            self._file.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder, self.places, self._file = None, {}, None  # count: this build's (stats)


RELEASE_SAFE = (*SEARCH_PLUGINS, "mkdocs_macros.plugin")  # their on_post_build reads no page


def why_no_spill(config: MkDocsConfig, ours: object, last: Callable[..., Any]) -> str | None:
    """Why this build keeps every converted page in memory (None: it spills them): another
    plugin or hook may read a page's content between its conversion and its writing, or
    change it after ``last``, the spilling handler."""
    foreign = foreign_handlers(config, ours)
    if foreign:
        return "other handlers between conversion and writing: " + ", ".join(foreign)
    handlers = config.plugins.events["page_content"]
    if not handlers or handlers[-1] != last:
        return "another on_page_content handler runs after the spilling one"
    return None


def may_release(config: MkDocsConfig, ours: object) -> bool:
    """Whether a written page may let its content go: no other plugin's ``on_post_build``
    could read it."""
    return not foreign_handlers(config, ours, ("post_build",), RELEASE_SAFE)
