"""One source file -> canonical DataFrame + Issues: map, convert, check rules, collapse."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportal.issues import Issue
from reportal.kpi.canonical import TABLES, TableSpec
from reportal.kpi.loading.convert import (
    CellContext,
    NumberStyle,
    check_rules,
    convert_column,
    row_numbers,
)
from reportal.kpi.loading.duplicates import check_duplicates
from reportal.kpi.loading.read import ROW, RawTable, read_raw
from reportal.kpi.sources import SourceSpec

LOADER_VERSION = "2"  # 2: duplicate rows found and combined


@dataclass(frozen=True)
class LoadedTable:
    """A canonical table: typed columns (unmapped ones all missing) and a ``_row`` column."""

    frame: pd.DataFrame
    issues: tuple[Issue, ...]
    raw_rows: int


def load_file(path: Path, rel: str, spec: SourceSpec, timezone: str) -> LoadedTable:
    """Load one file of ``spec`` (not yet collapsed); ``timezone`` is the local time zone."""
    table = TABLES[spec.table]
    try:
        raw = read_raw(path, rel, spec)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as error:  # a broken workbook
        issue = Issue(rel, 1, None, "D102", f"cannot read the file: {error}")
        return LoadedTable(empty_frame(table), (issue,), 0)
    if raw.frame is None:
        return LoadedTable(empty_frame(table), raw.issues, 0)
    frame, issues = to_canonical(raw, rel, spec, table, timezone)
    return LoadedTable(frame, tuple(raw.issues) + tuple(issues), len(raw.frame))


def to_canonical(
    raw: RawTable, rel: str, spec: SourceSpec, table: TableSpec, timezone: str
) -> tuple[pd.DataFrame, list[Issue]]:
    assert raw.frame is not None
    source = raw.frame
    issues = _missing_columns(raw, rel, spec, table)
    rows = row_numbers(source)
    out = pd.DataFrame({ROW: rows})
    contexts: dict[str, CellContext] = {}
    for header, canonical in spec.columns.items():
        if header not in source.columns:
            continue
        ctx = CellContext(rel, header, raw.headers.index(header) + 1, rows)
        cells = _apply_value_map(source[header], spec.values.get(canonical))
        numbers = NumberStyle(spec.decimal, spec.thousands)
        column = table.columns[canonical]
        values, cell_issues = convert_column(cells, column, spec.date_format, ctx, numbers)
        out[canonical] = _localise(values, spec.timezone, timezone)
        contexts[canonical] = ctx
        issues.extend(cell_issues)
    out = _fill_unmapped(out, table)
    issues.extend(check_rules(out, table, contexts))
    out, duplicates = check_duplicates(out, rel, spec, table)
    return out, issues + duplicates


def collapse_events(frame: pd.DataFrame, key: str, order_by: tuple[str, ...]) -> pd.DataFrame:
    """Keep the latest event per ``key``: highest ``order_by`` values, then the last row."""
    ordered = frame.sort_values([key, *order_by, ROW], kind="stable", na_position="first")
    latest = ordered.drop_duplicates(subset=[key], keep="last")
    return latest.sort_values(ROW, kind="stable").reset_index(drop=True)


def empty_frame(table: TableSpec) -> pd.DataFrame:
    return _fill_unmapped(pd.DataFrame({ROW: pd.Series([], dtype="int64")}), table)


def _missing_columns(raw: RawTable, rel: str, spec: SourceSpec, table: TableSpec) -> list[Issue]:
    issues = []
    for header, canonical in spec.columns.items():
        if header not in raw.headers:
            need = "required" if table.columns[canonical].required else "mapped"
            issues.append(
                Issue(
                    rel,
                    1,
                    header,
                    "D104",
                    f'column "{header}" ({need}, becomes {canonical}) is missing from the header',
                    hint=f"columns found: {', '.join(raw.headers)}",
                )
            )
    return issues


def _apply_value_map(cells: pd.Series, mapping: dict[str, str] | None) -> pd.Series:
    if not mapping:
        return cells
    text = cells.astype("string").str.strip()
    return text.map(lambda v: mapping.get(v, v), na_action="ignore")


def _localise(values: pd.Series, source_tz: str | None, local_tz: str) -> pd.Series:
    if source_tz is None or source_tz == local_tz:
        return values
    if not pd.api.types.is_datetime64_dtype(values):
        return values
    return values.dt.tz_localize(source_tz).dt.tz_convert(local_tz).dt.tz_localize(None)


_DTYPES = {
    "datetime": "datetime64[us]",
    "date": "datetime64[us]",
    "float": "float64",
    "int": "float64",
    "bool": "boolean",
    "str": "string",
    "priority": "string",
}


def _fill_unmapped(frame: pd.DataFrame, table: TableSpec) -> pd.DataFrame:
    for name, column in table.columns.items():
        if name not in frame.columns:
            default = table.defaults.get(name)
            frame[name] = pd.Series(default, index=frame.index, dtype=_DTYPES[column.kind])
        elif name in table.defaults:
            frame[name] = frame[name].fillna(table.defaults[name])
    return frame
