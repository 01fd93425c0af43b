"""The portal's UI texts in Chinese and English, from one catalogue (``strings.yml`` beside this
module, read once).

``text(key, language, **fields)`` is the text of ``key`` (its dotted path in the catalogue, e.g.
``"field.period"``) in ``language``, with ``fields`` filled in by ``str.format``.

One fallback rule: a language the catalogue does not hold (anything but ``zh`` and ``en``) gets
the Chinese text, the portal's first language. Nothing else falls back: an unknown key raises
``KeyError`` (a bug; tests/model/test_strings.py checks every key the code names).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from reportal.model.frontmatter import load_yaml

CATALOGUE = "strings.yml"
DEFAULT_LANGUAGE = "zh"
Texts = dict[str, str]  # {"zh": ..., "en": ...}


def text(key: str, language: str, **fields: object) -> str:
    """The UI text ``key`` in ``language`` (see the module docstring for the one fallback)."""
    texts = catalogue()[key]
    return texts.get(language, texts[DEFAULT_LANGUAGE]).format(**fields)


@cache
def catalogue() -> dict[str, Texts]:
    """Every key of ``strings.yml`` -> its texts by language."""
    return dict(_flatten(tree()))


@cache
def tree() -> dict[str, Any]:
    """``strings.yml`` as written: groups in the file's order (table columns are read in it)."""
    source = files("reportal.model").joinpath(CATALOGUE).read_text(encoding="utf-8")
    data: dict[str, Any] = load_yaml(source)
    return data


def _flatten(node: dict[str, Any], prefix: str = "") -> list[tuple[str, Texts]]:
    """``{group: {name: {zh, en}}}`` -> ``[("group.name", {zh, en})]``; a mapping holding a
    ``zh`` key is a leaf."""
    found: list[tuple[str, Texts]] = []
    for name, value in node.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and DEFAULT_LANGUAGE in value:
            found.append((key, {lang: str(t) for lang, t in value.items()}))
        elif isinstance(value, dict):
            found.extend(_flatten(value, f"{key}."))
    return found
