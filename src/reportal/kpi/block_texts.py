"""The texts of KPI blocks (table headers, titles, notes, labels, chart words, state labels) in
Chinese and English, from ``block_texts.yml`` beside this module, read once.

``language(lang)`` is the one fallback rule of the blocks: a language they do not speak gets
Chinese, the portal's first language; ``text(texts, lang)`` picks a text in a language.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from reportal.kpi.definition_set import Text

CATALOGUE = "block_texts.yml"
LANGUAGES = ("zh", "en")


def language(lang: str) -> str:
    """``lang`` when it is a language the blocks speak, else "zh"."""
    return lang if lang in LANGUAGES else "zh"


def text(texts: Text, lang: str) -> str:
    """``texts`` in ``lang``; the Chinese text when there is no text in ``lang``."""
    return texts.get(language(lang)) or texts["zh"]


def section(name: str) -> dict[str, Text]:
    """One section of the catalogue: key -> {"zh": ..., "en": ...}."""
    return {
        key: {lang: str(t) for lang, t in texts.items()} for key, texts in _read()[name].items()
    }


def headers() -> dict[str, dict[str, tuple[str, ...]]]:
    """Column headers of each table kind, by language."""
    return {
        kind: {lang: tuple(str(h) for h in row) for lang, row in langs.items()}
        for kind, langs in _read()["headers"].items()
    }


@cache
def _read() -> dict[str, Any]:
    source = files("reportal.kpi").joinpath(CATALOGUE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(source)
    return data
