"""``shared_engine(root)``: one KPI engine per portal folder for the whole process, so a build
that renders many pages loads every export once."""

from __future__ import annotations

from pathlib import Path

from reportal.cachedir import cache_dir
from reportal.kpi.engine import KpiEngine
from reportal.kpi.keys import CONFIG_FILES
from reportal.kpi.sources import SourceSet
from reportal.model.registry import Registry

ConfigStamp = tuple[tuple[str, int], ...]
_SHARED: dict[Path, tuple[KpiEngine, ConfigStamp]] = {}
_PRESET: dict[Path, SourceSet] = {}


def preset_sources(root: Path, sources: SourceSet) -> None:
    """``data/sources.yml`` as read already (a build worker: by its parent; a whole-portal
    check: through its memo), for the engine the next ``shared_engine(root)`` makes."""
    _PRESET[root.resolve()] = sources


def shared_engine(root: Path, registry: Registry | None = None, refresh: bool = True) -> KpiEngine:
    """One engine per portal folder per process (with the on-disk cache: ``cache_dir(root)``);
    a changed export is reloaded, an unchanged one is not, and a changed sources.yml,
    customers.yml, calendars.yml, people.yml or reportal.yml gives a fresh engine.

    With ``refresh`` (once per command or build) it looks for changed files, a glob per
    source; the checks and stages that follow in the same command pass ``refresh=False``."""
    key = root.resolve()
    stamp = _config_stamp(key)
    held = _SHARED.get(key)
    preset = _PRESET.pop(key, None)  # for this call only
    if held is None or held[1] != stamp:
        engine = KpiEngine(key, cache_dir(key), registry=registry, sources=preset)
        _SHARED[key] = (engine, stamp)
        return engine
    if refresh:
        held[0].refresh()
    return held[0]


def _config_stamp(root: Path) -> ConfigStamp:
    return tuple(
        (n, (root / n).stat().st_mtime_ns if (root / n).exists() else 0) for n in CONFIG_FILES
    )
