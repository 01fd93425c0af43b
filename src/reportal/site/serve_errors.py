"""``mkdocs serve`` with a portal that has errors: every page shows the error list.

``mkdocs build`` (and ``reportal build``) stop at the first error. Under ``mkdocs serve`` that
left the browser waiting on a server that never had a new site. Instead the plugin builds a
site whose every page (the docs pages, the nav's generated pages, each report, and the 404 page
any other address gets) is the list of errors: ``file:line``, code, message and hint, never a
traceback or a host path. The next save rebuilds, and a portal without errors is built as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from reportal.issues import Issue, sort_issues
from reportal.model import strings
from reportal.model.portal import Portal
from reportal.portal.escape import escape_markdown
from reportal.portal.pages import report_src_uri
from reportal.site.config import resolve_language

NOT_FOUND_PAGE = "404.html"
_NOT_FOUND_HEADING = "<h1>404 - Not found</h1>"  # Material's 404.html


def serve_errors(portal: Portal, language_option: str | None) -> ServeErrors:
    """The error pages of ``portal`` (loaded with errors), in the portal's language."""
    settings = portal.registry.settings
    return ServeErrors(
        portal.issues,
        resolve_language(language_option, settings.language),
        settings.reports_dir,
        [report_src_uri(report) for report in portal.reports],
    )


class ServeErrors:
    """The error pages of one failed build under ``mkdocs serve``."""

    def __init__(
        self, issues: Iterable[Issue], language: str, reports_dir: str, report_uris: Iterable[str]
    ) -> None:
        self.issues = [issue for issue in sort_issues(list(issues)) if issue.is_error]
        self.language = language
        self.reports_dir = reports_dir
        self.report_uris = set(report_uris)
        self.markdown = error_markdown(self.issues, language)

    def files(self, files: Files, config: MkDocsConfig) -> Files:
        """``files`` plus an error page at each report's and each nav entry's address."""
        wanted = {*self.report_uris, *self._broken_report_uris(), *nav_uris(config.nav)}
        for uri in sorted(wanted):
            if files.get_file_from_path(uri) is None:
                inclusion = InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, uri, content="", inclusion=inclusion))
        return files

    def page_markdown(self, page: Page) -> str:
        """What every page shows (its own Markdown is not rendered: macros stay off)."""
        page.meta["render_macros"] = False
        page.meta["title"] = strings.text("serve_errors.title", self.language)
        return self.markdown

    def write_not_found(self, site_dir: str) -> None:
        """Put the error list into the 404 page (``mkdocs serve`` answers unknown addresses
        with it), so an address this build has no page for shows the errors too."""
        path = Path(site_dir) / NOT_FOUND_PAGE
        if not path.is_file():
            return
        html = markdown.markdown(self.markdown, extensions=["tables"])
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(_NOT_FOUND_HEADING, html, 1), encoding="utf-8")

    def _broken_report_uris(self) -> Iterator[str]:
        """A report rejected for its errors has no page; its address shows the errors."""
        prefix = self.reports_dir.rstrip("/") + "/"
        for issue in self.issues:
            if issue.file.startswith(prefix) and issue.file.endswith(".md"):
                yield "reports/" + issue.file.removeprefix(prefix)


def error_markdown(issues: list[Issue], language: str) -> str:
    """The error list as a Markdown page: a heading, what to do, one table row per error."""
    rows = [
        "| "
        + " | ".join(
            [
                escape_markdown(issue.location()),
                escape_markdown(issue.code),
                escape_markdown(_message(issue)),
                escape_markdown(issue.hint or ""),
            ]
        )
        + " |"
        for issue in issues
    ]
    keys = ("serve_errors.where", "serve_errors.code", "serve_errors.problem", "serve_errors.fix")
    headers = [strings.text(key, language) for key in keys]
    return "\n".join(
        [
            f"# {strings.text('serve_errors.title', language)}",
            "",
            strings.text("serve_errors.intro", language, n=len(issues)),
            "",
            '<div class="reportal-serve-errors" markdown="1">',
            "",
            "| " + " | ".join(headers) + " |",
            "|---|---|---|---|",
            *rows,
            "",
            "</div>",
            "",
        ]
    )


def _message(issue: Issue) -> str:
    return f"{issue.field}: {issue.message}" if issue.field else issue.message


def nav_uris(nav: Any) -> Iterator[str]:
    """Every Markdown path the ``nav`` of mkdocs.yml names."""
    if isinstance(nav, str):
        if nav.endswith(".md") and "://" not in nav:
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_uris(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_uris(value)
