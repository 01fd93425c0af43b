"""Cache keys of the KPI engine: text that is the same in every process, a hash of several
parts, and stamps of the engine's code and of the portal's configuration files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

from reportal.cachedir import code_stamp
from reportal.kpi.sources import SOURCES_FILE

CONFIG_FILES = (
    SOURCES_FILE,
    "data/customers.yml",
    "data/calendars.yml",
    "data/people.yml",
    "reportal.yml",
)
"""The files an engine reads when it is created: a changed one gives a fresh engine."""


def stable_text(value: object) -> str:
    """``value`` as text that is the same in every process: dataclasses and mappings with
    sorted keys, sets sorted (a set's order follows the process's hash seed)."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, default=str)


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def hash_parts(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


ENGINE_CODE = ("kpi/**/*.py", "model/**/*.py", "model/**/*.yml")
"""The engine's code and the texts its blocks are made of (the KPI, model and loading modules,
and their YAML: schemas, the string catalogue)."""


def engine_stamp() -> str:
    """A hash of ``ENGINE_CODE``: cached results and snapshots computed by other code or texts
    are not reused."""
    return code_stamp(*ENGINE_CODE)[:16]


def config_digest(root: Path) -> str:
    """A hash of the content of every configuration file (``CONFIG_FILES``) of ``root``."""
    parts = []
    for name in CONFIG_FILES:
        path = root / name
        parts.append(
            f"{name}={hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ''}"
        )
    return hash_parts(*parts)
