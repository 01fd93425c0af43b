"""A KPI table's cells stay apart in the search text ("现场回访 23 4.48 分", not glued)."""

from __future__ import annotations

import json

import pytest
from browser_support import BuiltSite

pytestmark = pytest.mark.browser


def test_table_cells_do_not_glue_in_the_search_index(built_site: BuiltSite) -> None:
    index = json.loads((built_site.path / "search/search_index.json").read_text("utf-8"))
    docs = [doc for doc in index["docs"] if "SR-HUAXIN-2026-10-01" in doc["location"]]
    text = " ".join(doc["text"] for doc in docs).replace("\u200b", "")
    assert "现场回访 23 4.48 分" in text
