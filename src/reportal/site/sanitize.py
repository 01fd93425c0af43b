"""HTML sanitising of rendered report pages (nh3, an ammonia binding).

Report Markdown is untrusted. After Markdown has been rendered, only an allow-list of tags and
attributes survives: no ``<script>``, no ``on*`` handler, no ``javascript:`` URL, no ``<style>``.
Charts survive as ``div.reportal-chart[data-figure]`` and are drawn by the theme's own script.
"""

from __future__ import annotations

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "div", "span", "section", "details", "summary", "figure", "figcaption", "caption",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "pre", "code", "kbd", "mark",
    "img", "a", "abbr", "sup", "sub", "dl", "dt", "dd", "ul", "ol", "li", "blockquote",
    "em", "strong", "del", "ins", "small", "input", "label",
}  # fmt: skip
_GLOBAL_ATTRIBUTES = {
    "class", "id", "title", "lang", "role", "aria-label", "aria-hidden", "aria-describedby",
    "data-figure", "data-kpi", "data-state", "tabindex",
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
    """Return ``html`` with everything outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        generic_attribute_prefixes=None,
    )
