"""Optional on-disk caches under ``.reportal-cache/``: loaded files (Parquet + issues JSON,
keyed by file content hash, source declaration and loader version), table summaries (issues and
rows per day, keyed by the table's files) and KPI results (keyed by the hash of every input of a
customer, the period and the engine's code)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportal.cachedir import write_atomic
from reportal.issues import Issue, Severity
from reportal.kpi.definition_set import KpiValue
from reportal.kpi.loading.load import LoadedTable
from reportal.kpi.targets import Assessment, Target

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


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
            meta = {"issues": [_issue_json(i) for i in table.issues], "raw_rows": table.raw_rows}
            meta_path.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        except OSError:
            return  # a cache that cannot be written is simply not used

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.parquet", self.folder / f"{key}.json"


def _issue_json(issue: Issue) -> dict[str, object]:
    return {**asdict(issue), "severity": issue.severity.value}


def _issue(raw: dict[str, object]) -> Issue:
    values = dict(raw)
    values["severity"] = Severity(str(values["severity"]))
    return Issue(**values)  # type: ignore[arg-type]


SUMMARIES_DIR = "summaries"


class SummaryCache:
    """What the checks need of a loaded table without its rows: its issues and its rows per day
    (coverage). JSON under a key that hashes the table's files and declaration, so a check of an
    unchanged portal reads no export and loads no table."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> tuple[tuple[Issue, ...], dict[str, int]] | None:
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            issues = tuple(_issue(raw) for raw in data["issues"])
            days = {str(day): int(count) for day, count in data["days"].items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return issues, days

    def holds(self, key: str) -> bool:
        return (self.folder / f"{key}.json").is_file()

    def put(self, key: str, issues: tuple[Issue, ...], days: dict[str, int]) -> None:
        data = {"issues": [_issue_json(i) for i in issues], "days": days}
        write_atomic(self.folder / f"{key}.json", json.dumps(data, ensure_ascii=False).encode())


RESULTS_DIR = "results"


class ResultsCache:
    """KPI results of one (customer, period) as JSON, under a key that hashes every input.
    JSON, never pickle: a cache folder committed by an untrusted pull request must not run
    code. An unreadable entry is recomputed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> dict[str, ResultParts] | None:
        data = self.get_parts(key)
        if data is None:
            return None
        try:
            return {kpi: _result_parts(raw) for kpi, raw in data.items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def put(self, key: str, results: dict[str, ResultParts]) -> None:
        data = {
            kpi: {
                "value": asdict(value),
                "target": asdict(target) if target is not None else None,
                "assessment": asdict(assessment),
            }
            for kpi, (value, target, assessment) in results.items()
        }
        self.put_parts(key, data)  # breakdown order is shown: kept as it is

    def get_parts(self, key: str) -> dict[str, Any] | None:
        """The entry ``key`` as plain data: results (``get``) or other data kept beside them
        (``KpiEngine.sla_basis``); None when it is missing or unreadable."""
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put_parts(self, key: str, parts: dict[str, Any]) -> None:
        text = json.dumps(parts, ensure_ascii=False, default=float)  # numpy numbers as floats
        write_atomic(self.folder / f"{key}.json", text.encode("utf-8"))


ResultParts = tuple[KpiValue, Target | None, Assessment]


def _result_parts(raw: dict[str, Any]) -> ResultParts:
    value = KpiValue(**raw["value"])
    target = Target(**raw["target"]) if raw.get("target") is not None else None
    return value, target, Assessment(**raw["assessment"])
