"""The primary navigation of report pages, rendered once per folder of reports.

Material renders the whole navigation into every page (a sidebar with every customer's listing
is about a seventh of a build that converts nothing). Report pages are in no navigation entry,
so nothing in it is active on them and its links differ only by where the page stands: on every
report page of one folder (``reports/<customer>/<year>/``) it is the same HTML. The theme's
``partials/nav.html`` asks this memo for it and renders Material's own partial
(``material/partials/nav.html``) only on a miss; every other page renders it as usual.
``REPORTAL_NO_PAGE_CACHE=1`` turns the memo off (tests compare the two builds byte for byte).
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from pathlib import Path

from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from mkdocs.structure.pages import Page

MATERIAL_PREFIX = "material"


class NavMemo:
    """Navigation HTML by folder of report pages (``report_uris``: their source URIs)."""

    def __init__(self, report_uris: Collection[str], enabled: bool = True) -> None:
        self.report_uris = frozenset(report_uris)
        self.enabled = enabled
        self.html: dict[str, str] = {}
        self.renders = 0

    def key(self, page: Page | None) -> str | None:
        """The folder of a report page's address; None for any other page (or no memo)."""
        if not self.enabled or page is None or page.file.src_uri not in self.report_uris:
            return None
        return posixpath.dirname(page.url.rstrip("/")) + "/"

    def get(self, key: str) -> str | None:
        return self.html.get(key)

    def keep(self, key: str, html: str) -> str:
        self.renders += 1
        self.html[key] = html
        return html


def with_material_prefix(env: Environment, material_templates: Path) -> None:
    """Let templates include Material's own partials as ``material/partials/…`` (the theme
    overrides ``partials/nav.html`` and includes the original from there)."""
    loader: BaseLoader | None = env.loader
    prefixed = PrefixLoader({MATERIAL_PREFIX: FileSystemLoader(str(material_templates))})
    env.loader = ChoiceLoader([loader, prefixed] if loader is not None else [prefixed])
