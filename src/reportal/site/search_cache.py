"""Material's search entries of a cached page, kept with the page in the page cache.

Material's search plugin parses every page's HTML (``html.parser``) and segments its Chinese
text in ``on_page_context``: about a sixth of a build that converts nothing. A page taken from
the page cache (an issued report's, or a generated page's) has the same content, title, tags
and address as when it was kept, so its entries are the same: the plugin keeps them beside the
page, and on a later build adds them to the index itself and tells the search plugin to skip the
page (``meta.search.exclude``, set only for the search plugin's own hook and put back after it).
A page whose address or title differs from what was kept is indexed by Material as usual.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SEARCH_PLUGINS = ("material/search", "search")
Entry = dict[str, Any]


def search_plugin(config: MkDocsConfig) -> Any | None:
    """This build's enabled search plugin with an index of entries (None: none)."""
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        index = getattr(plugin, "search_index", None)
        enabled = getattr(getattr(plugin, "config", None), "enabled", True)
        if index is not None and enabled and isinstance(getattr(index, "entries", None), list):
            return plugin
    return None


def search_entries(config: MkDocsConfig) -> list[Entry] | None:
    """The search index's entries of this build (None: no enabled search plugin)."""
    plugin = search_plugin(config)
    entries: list[Entry] | None = plugin.search_index.entries if plugin is not None else None
    return entries


def page_identity(page: Page) -> list[str]:
    """What a page's entries name besides its content: its address and title."""
    return [page.url, str(page.meta.get("title", page.title))]


def skip_indexing(page: Page) -> Any:
    """Make the search plugin skip ``page``; returns what to put back (``restore_indexing``)."""
    before = page.meta.get("search")
    page.meta["search"] = {**(before if isinstance(before, dict) else {}), "exclude": True}
    return before


def restore_indexing(page: Page, before: Any) -> None:
    if before is None:
        page.meta.pop("search", None)
    else:
        page.meta["search"] = before
