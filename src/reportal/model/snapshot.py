"""Report snapshots as data: the computed content of one report, frozen when it is issued.

A snapshot (``reports/<customer>/<year>/<number>.snapshot.json``) holds every block its macros
show (table and chart models, per language), every KPI value of its period with the version of
its definition, the data coverage, and the SHA-256 of every export and row set it was computed
from. It also holds the hash of the report's issued content (front matter without ``status``,
plus body) and its own hash, so a report edited after freezing and a snapshot edited by hand are
both detected. This module only converts between text and values; the KPI layer computes them.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from reportal.model.content import sha256_text

SNAPSHOT_FORMAT = "reportal-snapshot/1"
SNAPSHOT_SUFFIX = ".snapshot.json"
LANGUAGES = ("zh", "en")

Json = dict[str, Any]


def snapshot_path(report_path: str) -> str:
    """``reports/a/2026/SR-A-2026-10-01.md`` -> ``reports/a/2026/SR-A-2026-10-01.snapshot.json``."""
    return report_path.removesuffix(".md") + SNAPSHOT_SUFFIX


def call_key(name: str, args: tuple[object, ...], kwargs: Json | None = None) -> str:
    """One macro call as text: the same call gives the same key in a body and in a build."""
    return json.dumps(
        [name, list(args), dict(sorted((kwargs or {}).items()))],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


@dataclass(frozen=True)
class Snapshot:
    """The computed content of one report (see the module docstring)."""

    number: str
    customer: str
    period: str
    content_sha256: str
    blocks: dict[str, Json] = field(default_factory=dict)  # call key -> {macro, args, output}
    kpis: dict[str, Json] = field(default_factory=dict)  # KPI id -> value, target, state, ...
    sources: dict[str, Json] = field(default_factory=dict)  # source -> files, rows, rows_sha256
    coverage: list[Json] = field(default_factory=list)
    languages: tuple[str, ...] = LANGUAGES
    engine: str = ""  # engine stamp when computed (informative)

    def output(self, key: str, lang: str) -> Json | None:
        """The block of call ``key`` in ``lang`` (None when the snapshot has no such block)."""
        block = self.blocks.get(key)
        outputs = block.get("output") if block else None
        return outputs.get(lang) if isinstance(outputs, dict) else None

    def body(self) -> Json:
        """Everything but the snapshot's own hash, as JSON-able data."""
        return {
            "format": SNAPSHOT_FORMAT,
            "number": self.number,
            "customer": self.customer,
            "period": self.period,
            "content_sha256": self.content_sha256,
            "languages": list(self.languages),
            "engine": self.engine,
            "kpis": self.kpis,
            "sources": self.sources,
            "coverage": self.coverage,
            "blocks": self.blocks,
        }

    @cached_property
    def sha256(self) -> str:
        return sha256_text(_canonical(self.body()))

    def with_languages(self, languages: tuple[str, ...]) -> Snapshot:
        return replace(self, languages=languages)


def dump_snapshot(snapshot: Snapshot) -> str:
    """Deterministic, human-diffable JSON (sorted keys, one item a line, UTF-8 text)."""
    data = {**snapshot.body(), "snapshot_sha256": snapshot.sha256}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class LoadedSnapshot:
    """A snapshot file read back: its header (number, customer, period, content hash, export
    hashes; no blocks or KPI values), whether its stored hash matches its content, and its
    text, compressed. The whole snapshot is parsed again when asked for (a few at a time are
    kept): a portal of years of reports holds hundreds of megabytes of blocks that only one
    page at a time needs (~70 KB of JSON a report, ~8 KB compressed)."""

    header: Snapshot
    stored_sha256: str
    intact: bool
    hash_line: int = 1  # the line of "snapshot_sha256" in the file
    packed: bytes = b""  # the text, zlib-compressed (pack_text), when it has no file
    values: dict[str, float | None] = field(default_factory=dict)
    """Each KPI's value as issued (what dashboards show for the report's period)."""
    source: Path | None = None
    """The file, read again when the whole snapshot is asked for (``text_sha256``: the SHA-256
    of the text that was checked)."""
    text_sha256: str = ""

    @property
    def snapshot(self) -> Snapshot:
        if self.packed:
            return _parse_whole(self.packed)
        if self.source is not None:
            return _read_whole(self.source, self.text_sha256)
        return self.header


class SnapshotFileChanged(RuntimeError):
    """A snapshot file changed after the command checked it (a build stops: it is no page's
    block error)."""


@lru_cache(maxsize=2)  # a page asks for its own report's, call after call
def _read_whole(source: Path, text_sha256: str) -> Snapshot:
    data = source.read_bytes()
    if hashlib.sha256(data).hexdigest() != text_sha256:
        raise SnapshotFileChanged(f"{source.name} changed while the command ran; run it again")
    return _parse(data.decode("utf-8"))[0]


def pack_text(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 1)


def parse_snapshot(text: str, keep_text: bool = True) -> LoadedSnapshot:
    """Raise ``ValueError`` with a readable reason when ``text`` is not a snapshot.
    ``keep_text=False``: the caller reads the file again when the whole snapshot is needed
    (``LoadedSnapshot.source``), so the text is not packed."""
    snapshot, stored = _parse(text)
    header = replace(snapshot, blocks={}, kpis={}, coverage=[])  # sources: the export hashes
    intact = stored == snapshot.sha256
    values = {kpi: _number(raw) for kpi, raw in snapshot.kpis.items()}
    packed = pack_text(text) if keep_text else b""
    return LoadedSnapshot(header, stored, intact, _line_of(text), packed, values)


def _number(raw: Any) -> float | None:
    value = raw.get("value") if isinstance(raw, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@lru_cache(maxsize=2)  # a page asks for its own report's, call after call
def _parse_whole(packed: bytes) -> Snapshot:
    return _parse(zlib.decompress(packed).decode("utf-8"))[0]


def _parse(text: str) -> tuple[Snapshot, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f'not a Reportal snapshot (expected "format": "{SNAPSHOT_FORMAT}")')
    try:
        snapshot = Snapshot(
            number=str(data["number"]),
            customer=str(data["customer"]),
            period=str(data["period"]),
            content_sha256=str(data["content_sha256"]),
            blocks=_mapping(data, "blocks"),
            kpis=_mapping(data, "kpis"),
            sources=_mapping(data, "sources"),
            coverage=list(data.get("coverage") or []),
            languages=tuple(str(lang) for lang in data.get("languages") or ()),
            engine=str(data.get("engine") or ""),
        )
    except KeyError as error:
        raise ValueError(f"the field {error} is missing") from None
    return snapshot, str(data.get("snapshot_sha256") or "")


def _line_of(text: str, key: str = '"snapshot_sha256"') -> int:
    found = text.find(key)
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def _mapping(data: Json, key: str) -> Json:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ValueError(f'"{key}" must be a mapping')
    return value


def _canonical(data: Json) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
