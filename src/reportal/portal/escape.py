"""Escaping front-matter text for the places it is shown.

Front matter is untrusted text: it must reach a page as text, never as markup, and never as
Jinja (``{{``/``{%`` would be rendered by mkdocs-macros or trip the build's ``{{`` check), so
braces become character references too.
"""

from __future__ import annotations

import html

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
# Characters Python-Markdown (with the tables extension) treats as markup after a backslash.
_MARKDOWN_SPECIALS = frozenset("\\`*_[]()#+-.!|")


def escape_html(text: str) -> str:
    """Text -> HTML text: ``<>&"'`` escaped and braces as character references."""
    return html.escape(text, quote=True).translate(_BRACES)


def escape_markdown(text: str) -> str:
    """Text -> Markdown inline text that renders as exactly ``text`` (tables included)."""
    escaped = "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIALS else ch for ch in text)
    escaped = " ".join(escaped.split())  # no newline may break a table row
    return html.escape(escaped, quote=False).translate(_BRACES)


def escape_braces(html_text: str) -> str:
    """Braces in generated HTML (front-matter text) as character references; display unchanged."""
    return html_text.translate(_BRACES)
