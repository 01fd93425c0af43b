"""``mkdocs.yml`` per edition: what a staging tree needs from it and the config it builds with.

Publishing stages one tree per edition (``publish/staging.py``) and knows no key of mkdocs.yml:
it asks here which portal paths the config names, where the docs are, and writes the config
rewritten for the edition. A static build (``publish/static_plan.py``, Zensical) gets its config
here too: no ``reportal`` plugin, the plan's nav sections, a site folder inside the project.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportal.model.portal import Portal
from reportal.portal.edition_docs import customer_nav
from reportal.portal.editions import Edition
from reportal.portal.escape import escape_html
from reportal.portal.listings import ALL_URI
from reportal.site.localize import translate_nav
from reportal.site.plan import NavGroup
from reportal.site.yamlconfig import CONFIG_FILE, dump_config, load_config_text

PLUGIN_NAME = "reportal"
DROPPED_PLUGINS = (PLUGIN_NAME, "macros")  # a static build: their work is done by the plan
STATIC_SITE_DIR = "site"  # Zensical refuses a site_dir outside the folder of its config
OVERRIDES_DIR = "overrides"
NOT_STAGED = {"reports", "data", ".git", ""}  # staged by edition, or never


def read_config(root: Path) -> dict[str, Any]:
    """The portal's mkdocs.yml, parsed (MkDocs' tags kept as they are)."""
    return load_config_text((root / CONFIG_FILE).read_text(encoding="utf-8"))


def docs_dir(config: dict[str, Any]) -> str:
    return str(config.get("docs_dir", "docs"))


def config_paths(root: Path, config: dict[str, Any]) -> set[str]:
    """Top-level portal paths the config names (docs_dir, custom_dir, hooks, plugin paths such
    as the macros module) that exist in ``root``: a staging tree copies them."""
    names: list[Any] = [docs_dir(config)]
    theme = config.get("theme")
    if isinstance(theme, dict):
        names.append(theme.get("custom_dir"))
    names.extend(config.get("hooks") or [])
    for _name, options in _plugin_entries(config.get("plugins")):
        if isinstance(options, dict):
            names.extend(v for v in options.values() if isinstance(v, str))
    found = {_existing_rel(root, name) for name in names}
    return {rel for rel in found if rel is not None and rel.split("/")[0] not in NOT_STAGED}


def write_edition_config(
    portal: Portal, edition: Edition, config: dict[str, Any], stage: Path, site_dir: Path
) -> Path:
    """Write ``config`` rewritten for ``edition`` into ``stage``; return the file."""
    config_file = stage / CONFIG_FILE
    config_file.write_text(dump_config(edition_config(portal, edition, config, site_dir)), "utf-8")
    return config_file


def edition_config(
    portal: Portal, edition: Edition, config: dict[str, Any], site_dir: Path
) -> dict[str, Any]:
    """``config`` (a parsed mkdocs.yml) rewritten for ``edition``."""
    result = dict(config)
    result["site_dir"] = str(site_dir)
    result["plugins"] = _with_edition(config.get("plugins"), edition.id)
    if edition.customer is not None:
        customer = portal.registry.customers[edition.customer]
        # Material prints site_name unescaped (header, nav, <title>): registry text is text.
        name = escape_html(customer.short_name)
        result["site_name"] = f"{config.get('site_name', '')} · {name}".strip(" ·")
        if "nav" in config:
            result["nav"] = customer_nav(config["nav"])
    site_url = config.get("site_url")
    if isinstance(site_url, str) and site_url:
        result["site_url"] = site_url.rstrip("/") + "/" + edition.out_rel + "/"
    return result


def static_config(
    config: dict[str, Any], nav: Sequence[NavGroup], lang: str, suffix: str = ""
) -> dict[str, Any]:
    """The staged mkdocs.yml for a static build: no ``reportal`` plugin, a site folder inside
    the project, the override folder, the theme's language, the English texts of the plugin's
    ``en:`` option for ``en`` (as ``site/localize.py``) and the plan's listing sections.
    ``suffix``: what a customer edition adds to an English site name (`` · Huaxin``)."""
    result = _english(config, suffix) if lang == "en" else dict(config)
    result["site_dir"] = STATIC_SITE_DIR
    result["plugins"] = _without_plugins(config.get("plugins"))
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = OVERRIDES_DIR
    theme["language"] = lang
    theme.setdefault("variant", "classic")  # Zensical's look of Material for MkDocs
    result["theme"] = theme
    if isinstance(result.get("nav"), list):
        result["nav"] = _nav_with_sections(result["nav"], [g for g in nav if g.entries])
    return result


def _plugin_entries(plugins: Any) -> list[tuple[Any, Any]]:
    """``(name, options)`` of each plugin entry (a list or a mapping; options may be None)."""
    if isinstance(plugins, dict):
        return list(plugins.items())
    if not isinstance(plugins, list):
        return []
    return [next(iter(p.items())) if isinstance(p, dict) and p else (p, None) for p in plugins]


def _with_edition(plugins: Any, edition_id: str) -> Any:
    """The plugins list/dict with ``reportal``'s ``edition`` option set."""
    if isinstance(plugins, dict):
        result = dict(plugins)
        if PLUGIN_NAME in result:
            result[PLUGIN_NAME] = _edition_options(result[PLUGIN_NAME], edition_id)
        return result
    if not isinstance(plugins, list):
        return plugins
    return [_plugin_with_edition(entry, edition_id) for entry in plugins]


def _plugin_with_edition(entry: Any, edition_id: str) -> Any:
    if entry == PLUGIN_NAME:
        return {PLUGIN_NAME: {"edition": edition_id}}
    if isinstance(entry, dict) and PLUGIN_NAME in entry:
        return {PLUGIN_NAME: _edition_options(entry[PLUGIN_NAME], edition_id)}
    return entry


def _edition_options(options: Any, edition_id: str) -> dict[str, Any]:
    """The plugin's options with ``edition`` set and ``root`` dropped: the staging tree is the
    root (a ``root`` pointing back at the portal would bypass the filtering)."""
    kept = {k: v for k, v in (options or {}).items() if k != "root"}
    return {**kept, "edition": edition_id}


def _existing_rel(root: Path, name: Any) -> str | None:
    """``name`` as a root-relative path when it (or ``name.py``) exists inside the portal."""
    if not isinstance(name, str) or not name or Path(name).is_absolute() or ".." in name:
        return None
    for candidate in (name, name + ".py"):
        path = root / candidate
        if path.exists():
            return path.relative_to(root).as_posix()
    return None


def _english(config: dict[str, Any], suffix: str) -> dict[str, Any]:
    texts = _plugin_options(config.get("plugins")).get("en") or {}
    result = dict(config)
    for key in ("site_name", "site_description", "copyright"):
        if texts.get(key):
            result[key] = texts[key] + (suffix if key == "site_name" else "")
    if "nav" in result:
        result["nav"] = translate_nav(result["nav"], texts.get("nav") or {})
    return result


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """The ``reportal`` plugin's options in mkdocs.yml (empty when it has none)."""
    found = [options for name, options in _plugin_entries(plugins) if name == PLUGIN_NAME]
    return found[0] if found and isinstance(found[0], dict) else {}


def _without_plugins(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k not in DROPPED_PLUGINS}
    if isinstance(plugins, list):
        return [p for p in plugins if _plugin_name(p) not in DROPPED_PLUGINS]
    return plugins


def _plugin_name(entry: Any) -> Any:
    return next(iter(entry), None) if isinstance(entry, dict) else entry


def _nav_with_sections(nav: list[Any], groups: Sequence[NavGroup]) -> Any:
    """``nav`` with ``groups`` appended to the section that holds ``reports/index.md``."""
    result: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, children),) = item.items()
            if isinstance(children, list):
                children = _nav_with_sections(children, groups)
                if ALL_URI in children:
                    children = children + [_nav_section(g) for g in groups]
            item = {title: children}
        result.append(item)
    return result


def _nav_section(group: NavGroup) -> dict[str, Any]:
    entries = [(group.index_uri, ""), *group.entries]
    return {group.title: [uri if not name else {name: uri} for uri, name in entries]}
