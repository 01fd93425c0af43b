"""Escaping text from front matter and data for the places it is shown: the one Markdown
escaper and the one HTML escaper of the portal's pages, and the HTML serialiser's escaping of
KPI blocks (HTML the report sanitiser must leave byte for byte unchanged).

Such text is untrusted: it must reach a page as text, never as markup, and never as Jinja
(``{{``/``{%`` would be rendered by mkdocs-macros or trip the build's ``{{`` check), so braces
become character references too.
"""

from __future__ import annotations

import html
import re

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
# Characters Python-Markdown (with the tables extension) reads as inline markup; each gets a
# backslash. Not "-" and ".": they are markup only at a line's start (a list item), where the
# pages never put a value (they follow "| ", "# ", "[" or a label), and a backslash in every date
# would make the Markdown hard to read. Not "~": a backslash before it shows unless
# pymdownx.tilde is on (then "~~" strikes through), so it becomes a character reference.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]()#+!|])")
_MARKDOWN_REFERENCES = str.maketrans({"{": "&#123;", "}": "&#125;", "~": "&#126;"})


def escape_html(text: str) -> str:
    """Text -> HTML text: ``<>&"'`` escaped and braces as character references."""
    return html.escape(text, quote=True).translate(_BRACES)


def escape_markdown(value: object) -> str:
    """Text -> Markdown inline text (a table cell, a heading, a link's text) that renders as
    exactly ``value``: on one line (no newline may break a table row), HTML-escaped, Markdown
    specials escaped."""
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text).translate(_MARKDOWN_REFERENCES)


def escape_braces(html_text: str) -> str:
    """Braces in generated HTML (front-matter text) as character references; display unchanged."""
    return html_text.translate(_BRACES)


def escape_text(text: str) -> str:
    """Text -> HTML text escaped as nh3 (html5ever) serialises it: ``& \xa0 < >``. KPI blocks
    use it so that ``sanitize_html`` leaves their HTML unchanged (``escape_html``'s ``&quot;``,
    ``&#x27;`` and ``&#123;`` would be rewritten back to characters)."""
    return (
        text.replace("&", "&amp;")
        .replace("\xa0", "&nbsp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )


def escape_attribute(text: str) -> str:
    """An attribute value as nh3 serialises it: ``escape_text`` plus ``"``."""
    return escape_text(text).replace('"', "&quot;")
