"""Material's ``search/search_index.json`` written entry by entry.

Material's search plugin writes its index in ``on_post_build`` as one ``json.dumps`` of every
entry, then encodes that text: the index is in memory three times over (the encoder's pieces,
the text, the bytes), the largest part of a large build's peak (about 200 MB at 3,000 reports).
``write_index`` writes the same bytes a batch of entries at a time; the plugin calls it just
before the search plugin's own ``on_post_build`` and has that one skip its write.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from reportal.site.search_cache import search_plugin

MATERIAL_SEARCH = "material.plugins.search.plugin"
CONFIG_KEYS = ("lang", "separator", "pipeline", "fields")  # as Material's generate_search_index
BATCH = 500  # entries encoded at a time


def material_search(config: MkDocsConfig) -> Any | None:
    """Material's search plugin when this build writes its index in full (None: another
    search plugin, none, disabled, or a dirty reload that merges with the previous index)."""
    plugin = search_plugin(config)
    if plugin is None or type(plugin).__module__ != MATERIAL_SEARCH:
        return None
    dirty = getattr(plugin, "is_dirty", False) or getattr(plugin, "search_index_prev", None)
    return None if dirty else plugin


def write_index(site_dir: Path, search_config: Any, entries: list[dict[str, Any]]) -> None:
    """``site_dir/search/search_index.json`` as Material writes it, from ``entries``."""
    header = {key: search_config[key] for key in CONFIG_KEYS}
    path = site_dir / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.write(f'{{"config":{_dumps(header)},"docs":['.encode())
        for start in range(0, len(entries), BATCH):
            batch = ",".join(_dumps(entry) for entry in entries[start : start + BATCH])
            file.write((batch if start == 0 else "," + batch).encode())
        file.write(b"]}")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def write_material_index(config: MkDocsConfig) -> Any | None:
    """Write Material's index now and have its own ``on_post_build`` skip the write (it
    checks ``enabled`` first); return the plugin to ``restore`` after it (None: nothing was
    written, the search plugin writes as usual)."""
    plugin = material_search(config)
    if plugin is None:
        return None
    write_index(Path(config.site_dir), plugin.config, plugin.search_index.entries)
    plugin.config.enabled = False
    return plugin


def restore(plugin: Any | None) -> None:
    """The search plugin enabled again (``mkdocs serve`` keeps it for the next build)."""
    if plugin is not None:
        plugin.config.enabled = True
