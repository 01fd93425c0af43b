"""The snapshot index: an unchanged snapshot file is looked up by its hash, never trusted by
its name; a changed one is parsed (and checked) again."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import reportal.validate.snapshot_index as index_module
from call_counter import count_calls
from reportal.model.snapshot import Snapshot, SnapshotFileChanged, dump_snapshot
from reportal.validate.snapshot_index import INDEX_FILE, SnapshotIndex

SNAPSHOT = Snapshot(
    number="SR-A-2026-01-01",
    customer="a",
    period="2026-01",
    content_sha256="c" * 64,
    blocks={'["sla_table",[],{}]': {"macro": "sla_table", "output": {"zh": {"type": "table"}}}},
    kpis={"sla.resolution": {"value": 0.95}},
    sources={"tickets": {"files": {"data/exports/a/tickets.csv": "f" * 64}}},
)


def on_disk(text: str, folder: Path) -> tuple[bytes, Path]:
    """A snapshot file holding ``text`` (the index reads the bytes of a file)."""
    data = text.encode("utf-8")
    path = folder / f"{hashlib.sha256(data).hexdigest()[:12]}.snapshot.json"
    path.write_bytes(data)
    return data, path


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    return count_calls(monkeypatch, index_module, "parse_snapshot")


def test_an_unchanged_file_is_read_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = count_parses(monkeypatch)
    text = dump_snapshot(SNAPSHOT)
    first = SnapshotIndex.open(tmp_path)
    parsed = first.load(*on_disk(text, tmp_path))
    first.save()
    assert len(calls) == 1 and (tmp_path / INDEX_FILE).is_file()
    again = SnapshotIndex.open(tmp_path).load(*on_disk(text, tmp_path))
    assert len(calls) == 1  # not parsed again
    assert again.header == parsed.header and again.intact and parsed.intact
    assert (again.stored_sha256, again.hash_line) == (parsed.stored_sha256, parsed.hash_line)
    assert again.snapshot == SNAPSHOT  # the whole snapshot is still there when a page asks


def test_a_file_edited_by_hand_is_parsed_again_and_found_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = dump_snapshot(SNAPSHOT)
    index = SnapshotIndex.open(tmp_path)
    assert index.load(*on_disk(text, tmp_path)).intact
    index.save()
    data = json.loads(text)
    data["kpis"]["sla.resolution"]["value"] = 0.99
    edited = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    calls = count_parses(monkeypatch)
    loaded = SnapshotIndex.open(tmp_path).load(*on_disk(edited, tmp_path))
    assert len(calls) == 1 and not loaded.intact


def test_entries_of_files_gone_are_dropped_and_a_broken_index_is_ignored(tmp_path: Path) -> None:
    index = SnapshotIndex.open(tmp_path)
    index.load(*on_disk(dump_snapshot(SNAPSHOT), tmp_path))
    index.save()
    other = SnapshotIndex.open(tmp_path)
    other.load(
        *on_disk(dump_snapshot(Snapshot("SR-A-2026-02-01", "a", "2026-02", "d" * 64)), tmp_path)
    )
    other.save()
    entries = json.loads((tmp_path / INDEX_FILE).read_text(encoding="utf-8"))["entries"]
    assert [entry["number"] for entry in entries.values()] == ["SR-A-2026-02-01"]
    (tmp_path / INDEX_FILE).write_text("[not json", encoding="utf-8")
    assert SnapshotIndex.open(tmp_path).load(*on_disk(dump_snapshot(SNAPSHOT), tmp_path)).intact


def test_an_edition_stage_reads_the_index_and_leaves_it_whole(tmp_path: Path) -> None:
    """A customer edition's stage holds only its own snapshots: reading them must not drop the
    other customers' entries (the next whole-portal read would parse every file again)."""
    from reportal.model.portal import Portal
    from reportal.validate.snapshots import read_snapshots

    other = replace(SNAPSHOT, number="SR-B-2026-01-01", customer="b")
    whole, stage = tmp_path / "portal", tmp_path / "stage"
    for root, snapshots in ((whole, (SNAPSHOT, other)), (stage, (SNAPSHOT,))):
        for snapshot in snapshots:
            path = root / f"reports/{snapshot.customer}/2026/{snapshot.number}.snapshot.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_snapshot(snapshot), encoding="utf-8")
    cache = tmp_path / "cache"
    no_registry: Any = None  # read_snapshots reads none
    portal = Portal(root=whole, registry=no_registry)
    assert read_snapshots(portal, whole / "reports", cache) == []
    staged = Portal(root=stage, registry=no_registry, staged=True)
    assert read_snapshots(staged, stage / "reports", cache) == []
    entries = json.loads((cache / INDEX_FILE).read_text(encoding="utf-8"))["entries"]
    assert len(entries) == 2
    assert [e["values"] for e in entries.values()] == [{"sla.resolution": 0.95}] * 2


def test_the_text_is_read_again_when_asked_for_and_checked(tmp_path: Path) -> None:
    """The index keeps no snapshot text: the whole snapshot is read from its file when a page
    asks, and a file changed since it was checked stops the command instead of showing other
    figures."""
    data, path = on_disk(dump_snapshot(SNAPSHOT), tmp_path)
    loaded = SnapshotIndex.open(tmp_path).load(data, path)
    assert loaded.packed == b"" and loaded.source == path
    path.write_text(dump_snapshot(replace(SNAPSHOT, period="2026-03")), encoding="utf-8")
    with pytest.raises(SnapshotFileChanged):
        loaded.snapshot  # noqa: B018 - the property reads the file
    path.write_bytes(data)
    assert loaded.snapshot == SNAPSHOT
