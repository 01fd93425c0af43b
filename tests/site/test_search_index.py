"""Material's search index written entry by entry (site/search_index.py, issue 10: peak
memory): the same bytes as Material's own ``generate_search_index``, on the entries of a real
build, and a build whose index Reportal writes has Material skip its own write only for that
build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex
from test_html_cache import ISSUED, build, two_reports

from reportal.site import search_index
from reportal.site.search_index import CONFIG_KEYS, write_index


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return two_reports(tmp_path, monkeypatch)


def material_bytes(config: dict[str, object], entries: list[dict[str, object]]) -> bytes:
    index = SearchIndex(**config)
    index.entries = entries
    return index.generate_search_index(None).encode("utf-8")


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_the_index_is_the_bytes_material_writes(
    portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    built, stats = build(portal, "site", monkeypatch)
    assert stats["search_index_written"] is True  # by Reportal, Material's write skipped
    written = (built.site / "search/search_index.json").read_bytes()
    data = json.loads(written)
    entries = data["docs"]
    assert len(entries) > 2 and any(ISSUED in entry["location"] for entry in entries)
    assert written == material_bytes(data["config"], entries)  # what the build wrote
    entries.append({"location": "x/", "title": '引号 " 与 \\ 和 \u2028', "text": "", "tags": []})
    monkeypatch.setattr(search_index, "BATCH", batch)
    config = {key: data["config"][key] for key in CONFIG_KEYS}
    write_index(tmp_path / "again", config, entries)
    again = (tmp_path / "again/search/search_index.json").read_bytes()
    assert again == material_bytes(config, entries)


def test_no_entries_give_materials_empty_index(tmp_path: Path) -> None:
    config = {"lang": ["en"], "separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {}}
    write_index(tmp_path, config, [])
    assert (tmp_path / "search/search_index.json").read_bytes() == material_bytes(config, [])
