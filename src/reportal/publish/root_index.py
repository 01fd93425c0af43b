"""The page at the root of a published site (``site/index.html``), above the editions.

Served as a folder (``scripts/serve.sh``, a plain web server), the root showed a bare directory
listing of ``provider/`` and ``customers/``. This page names no customer: it points staff at
the provider edition and tells a customer to use the address the provider gave them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from reportal.model.registry import Registry
from reportal.model.strings import text

ROOT_INDEX = "index.html"


def root_index_html(registry: Registry) -> str:
    lang = "en" if registry.settings.language == "en" else "zh"
    provider = registry.settings.provider
    name = provider.name_en if lang == "en" and provider.name_en else provider.name
    title = escape(text("root_index.title", lang, provider=name))
    body = text("root_index.body", lang)
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>\n"
        f'<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">'
        f"\n<h1>{title}</h1>\n<p>{body}</p>\n</body>\n</html>\n"
    )


def write_root_index(site: Path, registry: Registry) -> None:
    (site / ROOT_INDEX).write_text(root_index_html(registry), encoding="utf-8")
