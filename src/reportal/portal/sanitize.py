"""HTML sanitising of rendered report pages (nh3, an ammonia binding).

Report Markdown is untrusted. After Markdown has been rendered, only an allow-list of tags and
attributes survives: no ``<script>``, no ``on*`` handler, no ``javascript:`` URL, no ``<style>``.
The chart macros' blocks never pass through here (the site plugin puts them back after
sanitising), so every chart container this sees is hand-made: it loses its class and figure, and
the theme's script never draws it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import nh3

from reportal.portal.escape import escape_attribute

CHART_CLASS = "reportal-chart"
_CHART_ATTRIBUTES = ("data-figure",)

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "div", "span", "section", "details", "summary", "figure", "figcaption", "caption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "pre", "code", "kbd", "mark",
    "img", "a", "abbr", "sup", "sub", "dl", "dt", "dd", "ul", "ol", "li", "blockquote",
    "em", "strong", "del", "ins", "small", "input", "label",
}  # fmt: skip
_GLOBAL_ATTRIBUTES = {
    "class", "id", "title", "lang", "role", "aria-label", "aria-hidden", "aria-describedby",
    "data-kpi", "data-state", "tabindex",
}  # fmt: skip
_ATTRIBUTES = {
    "*": _GLOBAL_ATTRIBUTES,
    "a": {"href", "rel", "target", "download"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "details": {"open"},
    "input": {"type", "checked", "disabled", "name"},
    "label": {"for"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the allow-list removed, and every chart container
    taken apart (the macros' own charts are added after sanitising)."""
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        generic_attribute_prefixes=None,
    )
    return _take_charts_apart(clean)


def _take_charts_apart(html: str) -> str:
    """Every element loses the chart class and its figure. ``html`` is nh3's output, so every
    tag is written the way browsers read it."""
    if not any(mark in html for mark in (CHART_CLASS, *_CHART_ATTRIBUTES)):
        return html
    finder = _ChartTags()
    finder.feed(html)
    finder.close()
    starts = [0]  # offset of each line as HTMLParser counts lines (by "\n" only)
    for row in html.split("\n"):
        starts.append(starts[-1] + len(row) + 1)
    parts: list[str] = []
    cursor = 0
    for (line, column), text, replacement in finder.found:
        offset = starts[line - 1] + column
        parts += [html[cursor:offset], replacement]
        cursor = offset + len(text)
    return "".join([*parts, html[cursor:]])


class _ChartTags(HTMLParser):
    """Start tags holding a chart class or figure: ((line, column), text, replacement)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = values.get("class", "").split()
        if CHART_CLASS not in classes and not any(a in values for a in _CHART_ATTRIBUTES):
            return
        text = self.get_starttag_text() or ""
        replacement = _start_tag(tag, _unchart(attrs), text.endswith("/>"))
        self.found.append((self.getpos(), text, replacement))


def _unchart(attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    for name, value in attrs:
        if name == "class":
            value = " ".join(c for c in (value or "").split() if c != CHART_CLASS)
        if value and name not in _CHART_ATTRIBUTES:
            kept.append((name, value))
    return kept


def _start_tag(tag: str, attrs: list[tuple[str, str]], closed: bool) -> str:
    written = "".join(f' {name}="{escape_attribute(value)}"' for name, value in attrs)
    return f"<{tag}{written}{' /' if closed else ''}>"
