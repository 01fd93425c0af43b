"""Markup in registry text: customer, people, plan and provider text is shown as text only.

Registry text reaches the header and navigation of every page (``site_name``), the listings,
the register, the PDF cover and signatures. It is escaped wherever it is output; markup in it is
also an error, so that a tag in ``short_name`` is found by ``reportal check`` and never built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from reportal.issues import Issue
from reportal.model.frontmatter import YamlDocument

# The start of an HTML tag, comment, declaration or processing instruction.
_MARKUP = re.compile(r"<[A-Za-z!/?]")
# reportal.yml keys holding patterns and formats, not text shown to readers.
NOT_TEXT = frozenset({"number_pattern", "number_format"})


def has_markup(text: str) -> bool:
    """Whether ``text`` holds something a browser would read as an HTML tag."""
    return _MARKUP.search(text) is not None


def check_markup(doc: YamlDocument, file: str, skip: frozenset[str] = frozenset()) -> list[Issue]:
    """One D008 issue per string value of ``doc`` that holds markup (top-level keys in ``skip``
    are not text)."""
    return [
        _markup_issue(file, doc.line_of(path), path, text)
        for path, text in _strings(doc.data, "")
        if path.partition(".")[0] not in skip and has_markup(text)
    ]


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, f"{path}.{index}" if path else str(index))


def _markup_issue(file: str, line: int, path: str, text: str) -> Issue:
    found = _MARKUP.search(text)
    start = found.start() if found else 0
    excerpt = text[start : start + 24]
    return Issue(
        file,
        line,
        path,
        "D008",
        f'markup in registry text ("{excerpt}"): it is shown as text, never as HTML',
        hint="remove the tag; write `<` only when it is not followed by a letter, `/`, `!` or `?`",
    )
