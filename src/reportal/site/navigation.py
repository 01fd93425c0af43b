"""A small navigation: the listing pages join the section that holds ``reports/index.md``.

Reports themselves are never in the nav (Material renders the whole nav into every page).
Each generated section opens with its own overview page: with ``navigation.indexes`` Material
makes the first ``index.md`` child of a section the section's link and leaves it out of the list,
and every customer and category page is an ``index.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from reportal.portal.escape import escape_html
from reportal.site.plan import NavGroup


def add_listing_sections(
    nav: Navigation,
    files: Files,
    config: MkDocsConfig,
    groups: Sequence[NavGroup],
    index_uri: str,
) -> None:
    """Append ``groups`` as sections to the section of ``index_uri``."""
    index = next((p for p in nav.pages if p.file.src_uri == index_uri), None)
    if index is None or not isinstance(index.parent, Section):
        return
    section = index.parent
    for group in groups:
        sub = _section(files, config, group)
        if sub is not None:
            sub.parent = section
            section.children.append(sub)


def _section(files: Files, config: MkDocsConfig, group: NavGroup) -> Section | None:
    """The section of ``group``: its overview page first, then one page per entry."""
    children = [_page(files, config, uri, text) for uri, text in group.entries]
    pages = [p for p in children if p is not None]
    overview = _page(files, config, group.index_uri, group.title)
    if not pages or overview is None:
        return None
    sub = Section(escape_html(group.title), [overview, *pages])  # type: ignore[list-item]
    for page in (overview, *pages):
        page.parent = sub
    return sub


def _page(files: Files, config: MkDocsConfig, uri: str, title: str) -> Page | None:
    file = files.get_file_from_path(uri)
    if file is None:
        return None
    if file.page is not None:
        file.page.title = escape_html(title)
        return file.page
    return Page(escape_html(title), file, config)
