"""Report snapshots, computed: the seam between the KPI engine and the site.

``compute_snapshot`` turns one report into a ``Snapshot`` (model/snapshot.py): the block of every
macro call in its body, every KPI of its period with its definition's version, the data coverage
and the hashes of the exports and row sets behind them. ``ReportContent`` answers a build: an
issued report's frozen snapshot when it has one, else a live snapshot computed once per build
and kept on disk under a key that hashes every input (so a second build, another edition or a
``mkdocs serve`` rebuild computes nothing again).
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Iterable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportal.cachedir import write_atomic
from reportal.kpi.blocks import Json
from reportal.kpi.canonical import TABLES
from reportal.kpi.definition_set import KpiDefinition
from reportal.kpi.engine import KpiEngine
from reportal.kpi.keys import engine_stamp, hash_parts
from reportal.kpi.macro_set import compute_block
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.model.snapshot import (
    LANGUAGES,
    Snapshot,
    call_key,
    dump_snapshot,
    parse_snapshot,
)
from reportal.validate.body import macro_calls

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

SNAPSHOTS_DIR = "snapshots"
BLOCK_ERRORS = (LookupError, ValueError, TypeError)


def compute_snapshot(
    engine: KpiEngine, report: Report, languages: Iterable[str] = LANGUAGES
) -> Snapshot:
    """The snapshot of ``report`` computed from today's exports. A macro call that cannot be
    answered holds ``{"type": "error", "error": reason}`` instead of its block."""
    languages = tuple(languages)
    blocks: dict[str, Json] = {}
    for call in macro_calls(report.body):
        kwargs = dict(call.kwargs)
        key = call_key(call.name, call.args, kwargs)
        output = {
            lang: _block(engine, report, call.name, call.args, kwargs, lang) for lang in languages
        }
        blocks[key] = {
            "macro": call.name,
            "args": list(call.args),
            "kwargs": kwargs,
            "output": output,
        }
    return Snapshot(
        number=report.number,
        customer=report.customer,
        period=report.period.text,
        content_sha256=report.content_sha256,
        blocks=as_json(blocks),
        kpis=kpi_values(engine, report),
        sources=source_hashes(engine, report),
        coverage=coverage_rows(engine, report),
        languages=languages,
        engine=engine_stamp(),
    )


def block_errors(snapshot: Snapshot) -> list[str]:
    """The reasons of every block that could not be computed."""
    return [
        f"{block['macro']}: {output['error']}"
        for block in snapshot.blocks.values()
        for output in block["output"].values()
        if output.get("type") == "error"
    ]


def kpi_values(engine: KpiEngine, report: Report) -> dict[str, Json]:
    """Every KPI the customer has data for, in the report's period."""
    if report.customer not in engine.registry.customers:
        return {}
    values = {}
    for kpi, result in engine.results(report.customer, report.period).items():
        values[kpi] = {
            "value": _number(result.value.value),
            "target": result.target.target if result.target is not None else None,
            "state": result.state,
            "unit": result.definition.unit,
            "definition": definition_version(result.definition),
        }
    return values


def source_hashes(engine: KpiEngine, report: Report) -> dict[str, Json]:
    """Per source: the SHA-256 of every export file, and of the canonical rows dated before
    the period's end (what any figure of the report can have been computed from)."""
    if report.customer not in engine.registry.customers:
        return {}
    files = engine.export_hashes(report.customer)
    end = pd.Timestamp(report.period.end + timedelta(days=1))
    hashes = {}
    for name in engine.source_names(report.customer):
        table = engine.table(report.customer, name)
        if table is None:
            continue
        dates = table.frame[TABLES[name].date_column]
        rows = table.frame[(dates < end).fillna(False).to_numpy(dtype=bool)]
        hashes[name] = {
            "files": {rel: files[rel] for rel in table.files if rel in files},
            "rows": len(rows),
            "rows_sha256": _rows_sha256(rows),
        }
    return hashes


def coverage_rows(engine: KpiEngine, report: Report) -> list[Json]:
    if report.customer not in engine.registry.customers:
        return []
    return [
        {
            "source": item.source,
            "days": item.days,
            "covered": item.covered,
            "missing": [day.isoformat() for day in item.missing],
        }
        for item in engine.coverage(report.customer, report.period)
    ]


def definition_version(definition: KpiDefinition) -> str:
    """A short hash of a KPI definition: its texts, unit, direction and the code computing it."""
    if definition.id not in _VERSIONS:
        _VERSIONS[definition.id] = _definition_version(definition)
    return _VERSIONS[definition.id]


_VERSIONS: dict[str, str] = {}


def _definition_version(definition: KpiDefinition) -> str:
    try:
        code = inspect.getsource(definition.compute)
    except (OSError, TypeError):
        code = getattr(definition.compute, "__qualname__", "")
    texts = repr((definition.id, definition.unit, definition.higher_is_better, definition.formula))
    return hashlib.sha256((texts + code).encode("utf-8")).hexdigest()[:12]


class ReportContent:
    """What each report of one build shows: frozen when issued, else live, computed once."""

    def __init__(self, engine: KpiEngine, portal: Portal, cache_dir: Path | None = None) -> None:
        self.engine = engine
        self.portal = portal
        self.cache = SnapshotCache(cache_dir / SNAPSHOTS_DIR) if cache_dir else None
        self.computed = 0
        self.direct = 0  # blocks computed outside a snapshot (calls the body parser missed)
        """Live snapshots computed by this build (not found in memory or on disk)."""
        self._live: dict[tuple[str, str], Snapshot] = {}
        self._kpis_before = engine.computed

    @property
    def kpis_computed(self) -> int:
        """KPI values computed since this build began (the engine outlives a build under
        ``mkdocs serve``)."""
        return self.engine.computed - self._kpis_before

    def snapshot(self, report: Report, lang: str) -> Snapshot:
        frozen = self.portal.snapshot(report)
        if frozen is not None and lang in frozen.languages:
            return frozen
        return self.live(report, lang)

    def is_frozen(self, report: Report) -> bool:
        return self.portal.frozen(report) is not None

    def live(self, report: Report, lang: str) -> Snapshot:
        memory_key = (report.path, lang)
        if memory_key not in self._live:
            key = self.live_key(report, lang)
            snapshot = self.cache.get(key) if self.cache else None
            if snapshot is None:
                self.computed += 1
                snapshot = compute_snapshot(self.engine, report, (lang,))
                if self.cache:
                    self.cache.put(key, snapshot)
            self._live[memory_key] = snapshot
        return self._live[memory_key]

    def live_ready(self, report: Report, lang: str) -> bool:
        """Whether ``live`` would compute nothing: held in memory or in the snapshot cache."""
        if (report.path, lang) in self._live:
            return True
        return self.cache is not None and self.cache.holds(self.live_key(report, lang))

    def live_key(self, report: Report, lang: str) -> str:
        inputs = self.engine.inputs_digest(report.customer)
        as_of = self.engine.as_of(report.period)
        people = self.engine.config_digest  # owner names in the actions table, and the rest
        parts = (report.path, report.number, report.content_sha256, inputs, people, as_of, lang)
        return hash_parts(*parts)

    def block(
        self,
        report: Report,
        name: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        lang: str,
    ) -> Json:
        """The block of one macro call; raises LookupError/ValueError/TypeError like the
        macro would when it cannot be computed."""
        output = self.snapshot(report, lang).output(call_key(name, args, kwargs), lang)
        if output is None:  # a call the body parser did not see: compute it directly
            self.direct += 1
            output = _block(self.engine, report, name, args, kwargs, lang)
        if output.get("type") == "error":
            raise LookupError(str(output["error"]))
        return output


class SnapshotCache:
    """Live snapshots on disk, as the same JSON a frozen snapshot is."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Snapshot | None:
        try:
            loaded = parse_snapshot((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        return loaded.snapshot if loaded.intact else None

    def holds(self, key: str) -> bool:
        return (self.folder / f"{key}.json").is_file()

    def put(self, key: str, snapshot: Snapshot) -> None:
        write_atomic(self.folder / f"{key}.json", dump_snapshot(snapshot).encode("utf-8"))


def _block(
    engine: KpiEngine,
    report: Report,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    lang: str,
) -> Json:
    try:
        return compute_block(engine, report, name, tuple(args), dict(kwargs), lang)
    except BLOCK_ERRORS as error:
        return {"type": "error", "error": str(error)}


def as_json(data: dict[str, Json]) -> dict[str, Json]:
    """``data`` as it reads back from a snapshot file (tuples as lists), so a block computed
    now and the same block frozen compare and render alike."""
    loaded: dict[str, Json] = json.loads(json.dumps(data, ensure_ascii=False))
    return loaded


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number


def _rows_sha256(rows: pd.DataFrame) -> str:
    hashed = pd.util.hash_pandas_object(rows, index=False).to_numpy()
    header = "\x1f".join(map(str, rows.columns)).encode("utf-8")
    return hashlib.sha256(header + hashed.tobytes()).hexdigest()
