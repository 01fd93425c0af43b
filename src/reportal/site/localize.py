"""The portal's own texts in its language: site name, description, copyright, nav titles, the
theme's language, and the docs pages written in English beside the Chinese ones.

The Chinese texts stay where MkDocs expects them (mkdocs.yml, ``docs/*.md``). For an English
portal (``language: en``) the ``reportal`` plugin's ``en:`` option gives ``site_name``,
``site_description``, ``copyright`` and ``nav`` (each nav title of mkdocs.yml -> its English
title), and a page ``X.en.md`` beside ``X.md`` replaces it. ``X.en.md`` files never become pages
of their own, and one whose ``X.md`` is not in the edition goes too (a customer edition keeps
no provider-only page in any language). Report bodies and registry names stay as written.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

EN_SUFFIX = ".en.md"


class EnglishTexts(Config):
    """The ``en:`` option of the ``reportal`` plugin: the portal's own texts in English."""

    site_name = c.Optional(c.Type(str))
    """``site_name`` of an English portal (a customer edition adds `` · <short name>``)."""

    site_description = c.Optional(c.Type(str))
    """``site_description`` of an English portal."""

    copyright = c.Optional(c.Type(str))
    """``copyright`` (the footer line) of an English portal."""

    nav = c.Type(dict, default={})
    """Each nav title of mkdocs.yml (section or page) -> its English title."""


def apply_texts(config: MkDocsConfig, texts: EnglishTexts, language: str, suffix: str) -> None:
    """Set the theme's language and, for ``en``, the English site texts and nav titles.
    ``suffix``: what a customer edition adds to the site name (`` · 华信银行``), or ""."""
    config.theme["language"] = language
    if language != "en":
        return
    if texts.site_name:
        config.site_name = texts.site_name + suffix
    if texts.site_description:
        config.site_description = texts.site_description
    if texts.copyright:
        config.copyright = texts.copyright
    if config.nav is not None:
        config.nav = translate_nav(config.nav, texts.nav)


def translate_nav(nav: Any, titles: dict[str, str]) -> Any:
    """``nav`` (as in mkdocs.yml) with every title found in ``titles`` replaced."""
    if isinstance(nav, list):
        return [translate_nav(item, titles) for item in nav]
    if isinstance(nav, dict):
        return {titles.get(k, k): translate_nav(v, titles) for k, v in nav.items()}
    return nav


def localize_files(files: Files, config: MkDocsConfig, language: str) -> Files:
    """Drop every ``X.en.md``; for ``en``, ``X.md`` takes its content when both exist."""
    for english in [f for f in files if f.src_uri.endswith(EN_SUFFIX)]:
        files.remove(english)
        base = files.get_file_from_path(english.src_uri.removesuffix(EN_SUFFIX) + ".md")
        source = english.abs_src_path
        if base is None or source is None or language != "en" or base.generated_by is not None:
            continue
        files.remove(base)
        files.append(
            File.generated(config, base.src_uri, abs_src_path=source, inclusion=base.inclusion)
        )
    return files
