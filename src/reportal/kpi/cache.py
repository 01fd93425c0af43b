"""Optional on-disk cache of loaded files: Parquet + issues JSON under ``.reportal-cache/``,
keyed by file content hash, source declaration and loader version."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from reportal.issues import Issue, Severity
from reportal.kpi.loading.load import LoadedTable

CACHE_DIR = ".reportal-cache"


class DiskCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> LoadedTable | None:
        frame_path, meta_path = self._paths(key)
        if not (frame_path.is_file() and meta_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            frame = pd.read_parquet(frame_path)
        except (OSError, ValueError):
            return None
        issues = tuple(_issue(raw) for raw in meta["issues"])
        return LoadedTable(frame, issues, int(meta["raw_rows"]))

    def put(self, key: str, table: LoadedTable) -> None:
        frame_path, meta_path = self._paths(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            table.frame.to_parquet(frame_path, index=False)
            issues = [{**asdict(i), "severity": i.severity.value} for i in table.issues]
            meta = {"issues": issues, "raw_rows": table.raw_rows}
            meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        except OSError:
            return  # a cache that cannot be written is simply not used

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.parquet", self.folder / f"{key}.json"


def _issue(raw: dict[str, object]) -> Issue:
    values = dict(raw)
    values["severity"] = Severity(str(values["severity"]))
    return Issue(**values)  # type: ignore[arg-type]
