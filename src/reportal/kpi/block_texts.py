"""The texts of KPI blocks (table headers, titles, notes, labels, chart words, state labels) in
Chinese and English: the ``block`` group of the string catalogue (``model/strings.yml``).

A text's key is its dotted path in that group (``"table.sla.title"``); every leaf is
``{zh, en}``. ``language(lang)`` is the blocks' one fallback rule: a language they do not speak
gets Chinese, the portal's first language.
"""

from __future__ import annotations

from typing import Any

from reportal.kpi.definition_set import Text
from reportal.model import strings

GROUP = "block"  # the group of model/strings.yml that holds the blocks' texts
LANGUAGES = ("zh", "en")


def language(lang: str) -> str:
    """``lang`` when it is a language the blocks speak, else "zh"."""
    return lang if lang in LANGUAGES else "zh"


def text(texts: Text, lang: str) -> str:
    """``texts`` in ``lang``; the Chinese text when there is no text in ``lang``."""
    return texts.get(language(lang)) or texts["zh"]


def word(key: str, lang: str) -> str:
    """The text ``key`` (a dotted path) in ``lang``."""
    return text(texts(key), lang)


def texts(key: str) -> Text:
    """The texts of ``key`` by language; ``KeyError`` for a path that is not a text."""
    node = group(key)
    if "zh" not in node:
        raise KeyError(key)
    return {lang: str(value) for lang, value in node.items()}


def group(key: str) -> dict[str, Any]:
    """The part of the catalogue at ``key`` (a dotted path), in the file's order."""
    node: dict[str, Any] = _read()
    for part in key.split("."):
        node = node[part]
    return node


def headers() -> dict[str, dict[str, tuple[str, ...]]]:
    """Column headers of each table kind, by language, in column order."""
    return {
        kind: {lang: tuple(text(column, lang) for column in columns.values()) for lang in LANGUAGES}
        for kind, columns in group("headers").items()
    }


def _read() -> dict[str, Any]:
    group: dict[str, Any] = strings.tree()[GROUP]
    return group
