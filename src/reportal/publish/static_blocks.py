"""Report bodies with their macros rendered by Reportal, for a static plan (``static_plan.py``).

What mkdocs-macros does in a MkDocs build, done before the generator runs: the body is a Jinja
template whose only names are ``ALLOWED_MACROS`` (``site/macros.py`` registers them on a small
stand-in for mkdocs-macros' ``env``), answered from the build's ``ReportContent``: an issued
report from its frozen snapshot, others from a live snapshot computed once. Each block comes
back as the macros' token and becomes the placeholder the MkDocs build uses (the block's plain
text, what the search indexes); ``static_finish.py`` puts the blocks into the written pages after
sanitising them. A failing macro raises ``MacroError`` naming report, line and macro.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2

from reportal.kpi.checks import report_content
from reportal.kpi.snapshots import ReportContent
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.portal.pages import page_meta, page_source, report_src_uri
from reportal.site.macros import (
    attach_content,
    define_env,
    finish_blocks,
    place_block,
    placed_blocks,
    restore_blocks,
)


class MacroHost:
    """The part of mkdocs-macros' ``env`` that ``define_env`` and the macros read."""

    def __init__(self, root: Path, lang: str) -> None:
        plugin = SimpleNamespace(config={"language": lang})
        self.conf: dict[str, Any] = {
            "config_file_path": str(root / "mkdocs.yml"),
            "plugins": {"reportal": plugin},
        }
        self.macros: dict[str, Any] = {}
        self.page: Any = None
        self.markdown = ""

    def macro(self, function: Any, name: str) -> None:
        self.macros[name] = function


class BodyRenderer:
    """Renders report bodies of one (staged) portal; create once per build."""

    def __init__(self, portal: Portal, lang: str, content: ReportContent | None = None) -> None:
        self.root = portal.root
        self.content = content if content is not None else report_content(portal)
        attach_content(self.root, self.content)  # blocks answer from the report content
        self.host = MacroHost(self.root, lang)
        define_env(self.host)
        self.jinja = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
        self.jinja.globals.update(self.host.macros)

    def render(self, report: Report) -> str:
        """``report``'s body with every macro call replaced by its block's placeholder (the
        blocks so far: ``take_blocks``)."""
        src = report_src_uri(report)
        page_file = SimpleNamespace(src_path=src, abs_src_path=str(self.root / report.path))
        self.host.page = SimpleNamespace(meta={"reportal": page_meta(report)}, file=page_file)
        self.host.markdown = page_source(report)
        return restore_blocks(src, self.jinja.from_string(report.body).render())


def place_unsearched(report: Report, html: str) -> str:
    """A placeholder for ``html`` in ``report``'s page that the search does not read (the
    print-only cover and end blocks)."""
    return place_block(report_src_uri(report), html)


def take_blocks(report: Report) -> dict[str, str]:
    """The placeholders of ``report``'s page and their blocks; forgotten here."""
    src = report_src_uri(report)
    blocks = placed_blocks(src)
    finish_blocks(src, "")
    return blocks


def with_blocks(html: str, blocks: dict[str, str]) -> str:
    """``html`` with each placeholder replaced by its block."""
    for placeholder, block in blocks.items():
        html = html.replace(placeholder, block)
    return html
