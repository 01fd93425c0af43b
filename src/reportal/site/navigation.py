"""A small navigation: the listing pages join the section that holds ``reports/index.md``.

Reports themselves are never in the nav (Material renders the whole nav into every page).
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from reportal.site.escape import escape_html


def add_listing_sections(
    nav: Navigation,
    files: Files,
    config: MkDocsConfig,
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    index_uri: str,
) -> None:
    """Append ``groups`` (section title, [(src_uri, title)]) to the section of ``index_uri``."""
    index = next((p for p in nav.pages if p.file.src_uri == index_uri), None)
    if index is None or not isinstance(index.parent, Section):
        return
    section = index.parent
    for title, entries in groups:
        children = [_page(files, config, uri, text) for uri, text in entries]
        pages = [p for p in children if p is not None]
        if not pages:
            continue
        sub = Section(escape_html(title), pages)  # type: ignore[arg-type]
        sub.parent = section
        for page in pages:
            page.parent = sub
        section.children.append(sub)


def _page(files: Files, config: MkDocsConfig, uri: str, title: str) -> Page | None:
    file = files.get_file_from_path(uri)
    if file is None:
        return None
    if file.page is not None:
        file.page.title = escape_html(title)
        return file.page
    return Page(escape_html(title), file, config)
