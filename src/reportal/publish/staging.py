"""Staging trees: one filtered copy of the portal per edition, made before anything renders.

What a staging tree holds (``stage/<edition>/``):

- ``mkdocs.yml`` rewritten for the edition (plugin ``edition``, ``site_name``, ``site_url``,
  ``site_dir``) plus every folder or file the config names (``docs_dir``, ``theme.custom_dir``,
  ``hooks``, plugin options naming a path such as the macros module) and ``reportal.yml``;
- ``reports/``: only the reports the edition holds; customer editions get internal sections cut;
- ``data/``: the registry YAML (customer editions: other customers' keys removed) and, for a
  customer edition, only ``data/exports/<customer>/``. The KPI macros read it at build time;
  it sits outside ``docs_dir``, so MkDocs never copies it into the built site.

Nothing else of the portal (sources, tests, other customers' exports, the git folder) enters.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from reportal.model.report import Report
from reportal.model.snapshot import snapshot_path
from reportal.portal.customer_home import write_customer_home
from reportal.portal.edition_docs import customer_nav, trim_customer_docs
from reportal.portal.editions import Edition, reports_of
from reportal.portal.escape import escape_html
from reportal.portal.internal import cut_internal
from reportal.site.yamlconfig import dump_config, load_config_text
from reportal.validate.portal import Portal

CONFIG_FILE = "mkdocs.yml"
SETTINGS_FILE = "reportal.yml"
PLUGIN_NAME = "reportal"
EXPORTS_DIR = "exports"


def stage_edition(portal: Portal, edition: Edition, stage: Path, site_dir: Path) -> Path:
    """Write the staging tree of ``edition`` into ``stage``; return its ``mkdocs.yml``."""
    stage.mkdir(parents=True, exist_ok=True)
    config = load_config_text((portal.root / CONFIG_FILE).read_text(encoding="utf-8"))
    for rel in sorted(_config_paths(portal.root, config)):
        _copy_path(portal.root / rel, stage / rel)
    _copy_path(portal.root / SETTINGS_FILE, stage / SETTINGS_FILE)
    if edition.customer is not None:  # its own home instead of the staff pages
        docs_dir = stage / str(config.get("docs_dir", "docs"))
        trim_customer_docs(docs_dir)
        write_customer_home(portal, edition.customer, docs_dir)
    _stage_reports(portal, edition, stage)
    _stage_data(portal, edition, stage)
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


def _config_paths(root: Path, config: dict[str, Any]) -> set[str]:
    """Top-level portal paths the config names (docs_dir, custom_dir, hooks, plugin paths)."""
    names: list[Any] = [config.get("docs_dir", "docs")]
    theme = config.get("theme")
    if isinstance(theme, dict):
        names.append(theme.get("custom_dir"))
    names.extend(config.get("hooks") or [])
    names.extend(_plugin_strings(config.get("plugins")))
    excluded = {"reports", "data", ".git", ""}
    found: set[str] = set()
    for name in names:
        rel = _existing_rel(root, name)
        if rel is not None and rel.split("/")[0] not in excluded:
            found.add(rel)
    return found


def _plugin_strings(plugins: Any) -> list[str]:
    entries = plugins.items() if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        entries = [next(iter(e.items())) for e in plugins if isinstance(e, dict) and e]
    values: list[str] = []
    for _name, options in entries:
        if isinstance(options, dict):
            values.extend(v for v in options.values() if isinstance(v, str))
    return values


def _existing_rel(root: Path, name: Any) -> str | None:
    """``name`` as a root-relative path when it (or ``name.py``) exists inside the portal."""
    if not isinstance(name, str) or not name or Path(name).is_absolute() or ".." in name:
        return None
    for candidate in (name, name + ".py"):
        path = root / candidate
        if path.exists():
            return path.relative_to(root).as_posix()
    return None


def _stage_reports(portal: Portal, edition: Edition, stage: Path) -> None:
    for report in reports_of(portal, edition):
        target = stage / report.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_staged_text(portal, report, edition), encoding="utf-8")
        snapshot = portal.root / snapshot_path(report.path)
        if portal.frozen(report) is not None:  # an issued report renders from its snapshot
            link_or_copy(snapshot, stage / snapshot_path(report.path))


def _staged_text(portal: Portal, report: Report, edition: Edition) -> str:
    text = (portal.root / report.path).read_text(encoding="utf-8")
    return cut_internal(text) if edition.cuts_internal() else text


def _stage_data(portal: Portal, edition: Edition, stage: Path) -> None:
    data_rel = portal.registry.settings.data_dir
    source, target = portal.root / data_rel, stage / data_rel
    if not source.is_dir():
        return
    if edition.customer is None:
        _link_tree(source, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.yml")):
        _write_filtered_yaml(path, target / path.name, edition.customer, portal)
    exports = source / EXPORTS_DIR / edition.customer
    if exports.is_dir():
        _link_tree(exports, target / EXPORTS_DIR / edition.customer)


def _write_filtered_yaml(source: Path, target: Path, customer: str, portal: Portal) -> None:
    """Copy a registry YAML file without other customers' keys, role entries or list items.

    A file that is not valid YAML cannot be filtered and is left out; the provider edition
    (which gets it verbatim) reports the YAML error with its line."""
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    others = set(portal.registry.customers) - {customer}
    if isinstance(data, dict):
        data = _without_customers(data, others)
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _without_customers(value: Any, others: set[str]) -> Any:
    """Drop mappings keyed by other customers and list items naming them, at any depth."""
    if isinstance(value, dict):
        return {k: _without_customers(v, others) for k, v in value.items() if k not in others}
    if isinstance(value, list):
        return [_without_customers(v, others) for v in value if not _names_other(v, others)]
    return value


def _names_other(item: Any, others: set[str]) -> bool:
    return isinstance(item, dict) and item.get("customer") in others


def _copy_path(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=_ignore_caches)
    elif source.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _link_tree(source: Path, target: Path) -> None:
    """``source`` (data the build only reads: exports, snapshots) linked into the stage."""
    shutil.copytree(
        source, target, dirs_exist_ok=True, ignore=_ignore_caches, copy_function=link_or_copy
    )


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to ``source``, else a copy. Only for files nothing in the stage writes to
    (data, exports, snapshots; never docs or configs, which staging rewrites): the stage is on
    the portal's own file system, and linking 100 MB of exports and snapshots is free where
    copying and deleting them is not."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _ignore_caches(_dir: str, names: list[str]) -> list[str]:
    return [name for name in names if name in ("__pycache__", ".DS_Store")]
