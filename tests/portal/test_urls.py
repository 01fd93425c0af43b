"""MkDocs' URL rules, written once (``portal/urls.py``), checked against MkDocs itself."""

from __future__ import annotations

import posixpath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from reportal.portal.urls import page_url, rel_link, rel_url, relative_path

PAGES = [
    "index.md",
    "reports/index.md",
    "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md",
    "reports/category/regular/index.md",
    "dashboard/huaxin.md",
    "guide/reindex.md",  # ends in "index" without being an index page
]


def mkdocs_url(src_uri: str) -> str:
    """The page's URL in MkDocs (the home page: ``""`` where MkDocs says ``./``)."""
    return File(src_uri, "docs", "site", use_directory_urls=True).url.removeprefix("./")


@pytest.mark.parametrize("src_uri", PAGES)
def test_a_page_gets_the_url_mkdocs_gives_it(src_uri: str) -> None:
    assert page_url(src_uri) == mkdocs_url(src_uri)


@pytest.mark.parametrize("to_uri", PAGES)
@pytest.mark.parametrize("from_uri", PAGES[1:4])
def test_a_relative_url_between_pages_is_the_one_mkdocs_writes(from_uri: str, to_uri: str) -> None:
    expected = get_relative_url(mkdocs_url(to_uri), mkdocs_url(from_uri))
    assert rel_url(from_uri, to_uri) == expected.removesuffix("/") + "/"


def test_a_markdown_link_is_relative_to_the_source_folder() -> None:
    assert rel_link("reports/huaxin/index.md", "reports/huaxin/2026/a.md") == "2026/a.md"
    assert rel_link("index.md", "reports/index.md") == "reports/index.md"
    assert rel_link("reports/a/2026/index.md", "reports/index.md") == "../../index.md"


SEGMENT = st.sampled_from(["reports", "huaxin", "2026", "a.md", "index.md", "b", ".", "x y"])


@given(st.lists(SEGMENT, max_size=5), st.lists(SEGMENT, max_size=5))
def test_relative_path_is_posixpath_relpath(target: list[str], start: list[str]) -> None:
    """The working-directory-free relpath agrees with posixpath's on src_uri-like paths."""
    to, base = "/".join(target) or ".", "/".join(start) or "."
    assert relative_path(to, base) == posixpath.relpath(to, base)
