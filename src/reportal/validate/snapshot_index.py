"""What each snapshot file's header says, kept by the file's hash (``snapshot-index.json`` in the
cache folder), so that a portal of years of frozen reports is not parsed whole on every command.

A snapshot is ~70 KB of JSON; checking it (is it intact, whose is it) needs the whole file parsed
and its canonical form hashed. The answer depends only on the file's bytes, so it is kept under
their SHA-256: a changed or new file is parsed again, an unchanged one is hashed and looked up.
The cache is only a shortcut: a fresh clone (CI) has none and checks every snapshot in full.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportal.cachedir import read_versioned, write_atomic
from reportal.model.snapshot import LoadedSnapshot, Snapshot, parse_snapshot

INDEX_FILE = "snapshot-index.json"
INDEX_FORMAT = "reportal-snapshot-index/2"  # 2: the KPI values as issued


@dataclass
class SnapshotIndex:
    """Headers of parsed snapshot files by the SHA-256 of their text."""

    path: Path | None
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    changed: bool = False

    @classmethod
    def open(cls, folder: Path | None) -> SnapshotIndex:
        if folder is None:
            return cls(None)
        path = folder / INDEX_FILE
        entries = read_versioned(path, INDEX_FORMAT).get("entries")
        return cls(path, entries if isinstance(entries, dict) else {})

    def load(self, data: bytes, source: Path) -> LoadedSnapshot:
        """The snapshot file ``source`` holding ``data``; raises ``ValueError`` (or
        ``UnicodeDecodeError``) like ``parse_snapshot``. Its text is not kept: the whole
        snapshot is read again from ``source`` when asked for, and checked against this hash."""
        key = hashlib.sha256(data).hexdigest()
        self.used.add(key)
        entry = self.entries.get(key)
        if entry is not None:
            try:
                return _from_entry(entry, source, key)
            except (KeyError, TypeError, ValueError):
                pass  # an entry from another version: parse again
        loaded = parse_snapshot(data.decode("utf-8"), keep_text=False)
        self.entries[key] = _to_entry(loaded)
        self.changed = True
        return replace(loaded, source=source, text_sha256=key)

    def save(self) -> None:
        """Write the entries of the files seen (others are dropped); never fails the command."""
        if self.path is None or not (self.changed or set(self.entries) - self.used):
            return
        kept = {key: self.entries[key] for key in sorted(self.used) if key in self.entries}
        text = json.dumps({"format": INDEX_FORMAT, "entries": kept}, ensure_ascii=False)
        write_atomic(self.path, text.encode("utf-8"))


def _to_entry(loaded: LoadedSnapshot) -> dict[str, Any]:
    header = loaded.header
    return {
        "number": header.number,
        "customer": header.customer,
        "period": header.period,
        "content_sha256": header.content_sha256,
        "sources": header.sources,
        "languages": list(header.languages),
        "engine": header.engine,
        "stored_sha256": loaded.stored_sha256,
        "intact": loaded.intact,
        "hash_line": loaded.hash_line,
        "values": loaded.values,
    }


def _from_entry(entry: dict[str, Any], source: Path, text_sha256: str) -> LoadedSnapshot:
    header = Snapshot(
        number=str(entry["number"]),
        customer=str(entry["customer"]),
        period=str(entry["period"]),
        content_sha256=str(entry["content_sha256"]),
        sources=dict(entry["sources"]),
        languages=tuple(str(lang) for lang in entry["languages"]),
        engine=str(entry["engine"]),
    )
    stored, intact = str(entry["stored_sha256"]), bool(entry["intact"])
    values = {str(k): None if v is None else float(v) for k, v in dict(entry["values"]).items()}
    hash_line = int(entry["hash_line"])
    return LoadedSnapshot(header, stored, intact, hash_line, b"", values, source, text_sha256)
