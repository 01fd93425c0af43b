"""The page at the root of a published site (``site/index.html``), above the editions.

Served as a folder (``scripts/serve.sh``, a plain web server), the root showed a bare directory
listing of ``provider/`` and ``customers/``. This page names no customer: it points staff at
the provider edition and tells a customer to use the address the provider gave them.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from reportal.model.registry import Registry

ROOT_INDEX = "index.html"
TEXTS = {
    "zh": (
        "{provider} 服务报告门户",
        '本站点按版本发布服务报告门户。服务方人员请进入<a href="provider/">服务方版本</a>；'
        "客户请使用服务方提供的专属地址。",
    ),
    "en": (
        "{provider}: service report portal",
        "This site publishes the service report portal by edition. Staff: open the "
        '<a href="provider/">provider edition</a>. Customers: use the address your provider '
        "gave you.",
    ),
}


def root_index_html(registry: Registry) -> str:
    lang = "en" if registry.settings.language == "en" else "zh"
    provider = registry.settings.provider
    name = provider.name_en if lang == "en" and provider.name_en else provider.name
    title, body = TEXTS[lang]
    title = escape(title.format(provider=name))
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>\n"
        f'<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">'
        f"\n<h1>{title}</h1>\n<p>{body}</p>\n</body>\n</html>\n"
    )


def write_root_index(site: Path, registry: Registry) -> None:
    (site / ROOT_INDEX).write_text(root_index_html(registry), encoding="utf-8")
