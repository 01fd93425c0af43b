"""Staging trees: one filtered copy of the portal per edition, made before anything renders.

What a staging tree holds (``stage/<edition>/``):

- ``mkdocs.yml`` rewritten for the edition, plus every folder or file the config names, and
  ``reportal.yml`` (the site adapter knows the config's keys: ``site/edition_config.py``);
- ``reports/``: only the reports the edition holds; customer editions get internal sections cut;
- ``data/``: the registry YAML (customer editions: other customers' keys removed) and, for a
  customer edition, only ``data/exports/<customer>/``. The KPI macros read it at build time;
  it sits outside ``docs_dir``, so MkDocs never copies it into the built site.

Nothing else of the portal (sources, tests, other customers' exports, the git folder) enters.
"""

from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reportal.model.frontmatter import load_yaml
from reportal.model.portal import Portal
from reportal.model.snapshot import snapshot_path
from reportal.portal.customer_home import write_customer_home
from reportal.portal.edition_docs import trim_customer_docs
from reportal.portal.editions import Edition, reports_of
from reportal.portal.internal import cut_internal
from reportal.site.edition_config import config_paths, docs_dir, read_config, write_edition_config

SETTINGS_FILE = "reportal.yml"
EXPORTS_DIR = "exports"


def stage_edition(portal: Portal, edition: Edition, stage: Path, site_dir: Path) -> Path:
    """Write the staging tree of ``edition`` into ``stage``; return its ``mkdocs.yml``."""
    stage.mkdir(parents=True, exist_ok=True)
    config = read_config(portal.root)
    for rel in sorted(config_paths(portal.root, config)):
        _copy_path(portal.root / rel, stage / rel)
    _copy_path(portal.root / SETTINGS_FILE, stage / SETTINGS_FILE)
    if edition.customer is not None:  # its own home instead of the staff pages
        docs = stage / docs_dir(config)
        trim_customer_docs(docs)
        write_customer_home(portal, edition.customer, docs)
    _stage_reports(portal, edition, stage)
    _stage_data(portal, edition, stage)
    return write_edition_config(portal, edition, config, stage, site_dir)


def _stage_reports(portal: Portal, edition: Edition, stage: Path) -> None:
    cuts = edition.cuts_internal()
    for report in reports_of(portal, edition):
        target = stage / report.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if cuts:
            text = (portal.root / report.path).read_text(encoding="utf-8")
            target.write_text(cut_internal(text), encoding="utf-8")
        else:  # the provider's reports as written: linked, like the exports
            link_or_copy(portal.root / report.path, target)
        snapshot = portal.root / snapshot_path(report.path)
        if portal.frozen(report) is not None:  # an issued report renders from its snapshot
            link_or_copy(snapshot, stage / snapshot_path(report.path))


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
        data = _registry_yaml(source.read_bytes())
    except (yaml.YAMLError, UnicodeDecodeError):
        return
    others = set(portal.registry.customers) - {customer}
    if isinstance(data, dict):
        data = _without_customers(data, others)  # new containers: the parsed file is shared
    target.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), "utf-8")


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when PyYAML has it


@lru_cache(maxsize=16)
def _registry_yaml(data: bytes) -> Any:
    """A registry file parsed once per build, not once per customer edition (72 editions of a
    72-customer portal parsed each of its files 72 times)."""
    return load_yaml(data.decode("utf-8"))


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
