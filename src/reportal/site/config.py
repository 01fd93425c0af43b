"""The ``reportal`` plugin's options (mkdocs class-based config, one docstring per option)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from reportal.model.language import LANGUAGES, portal_language
from reportal.portal.editions import PROVIDER
from reportal.site.localize import EnglishTexts


class ReportalConfig(Config):
    """Options of the ``reportal`` plugin in ``mkdocs.yml``."""

    root = c.Optional(c.Type(str))
    """Portal root (holds reportal.yml, reports/ and data/); default: the folder of mkdocs.yml."""

    edition = c.Type(str, default=PROVIDER)
    """``provider`` (every report, drafts with a banner) or a customer id (only that customer's
    issued reports). ``reportal build`` sets it per edition."""

    language = c.Optional(c.Choice(LANGUAGES))
    """UI language of headers and listing pages: ``zh`` or ``en``; default from reportal.yml.
    ``REPORTAL_LANGUAGE`` (``reportal build --language``) wins over it."""

    en = c.SubConfig(EnglishTexts)
    """The portal's own texts in English (site name, description, copyright, nav titles), used
    when the language is ``en`` (``reportal.site.localize``)."""


def resolve_root(option: str | None, config_file_path: str | None) -> Path:
    """The portal root: ``option`` (relative to mkdocs.yml) or the folder of mkdocs.yml."""
    base = Path(config_file_path).resolve().parent if config_file_path else Path.cwd()
    if not option:
        return base
    return (base / option).resolve()


def resolve_language(option: str | None, settings_language: str) -> str:
    """``REPORTAL_LANGUAGE``, else the plugin option, else reportal.yml's ``language``."""
    return portal_language(option, settings_language)
