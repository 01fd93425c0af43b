"""One source file -> canonical DataFrame + Issues: map, convert, check rules, collapse."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineError

from reportal.issues import Issue
from reportal.kpi.canonical import TABLES, Column, TableSpec
from reportal.kpi.loading.convert import (
    CellContext,
    NumberStyle,
    check_rules,
    convert_column,
    row_numbers,
)
from reportal.kpi.loading.duplicates import check_duplicates
from reportal.kpi.loading.events import events_to_tickets
from reportal.kpi.loading.read import ROW, RawTable, read_raw
from reportal.kpi.sources import SourceSpec

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd

LOADER_VERSION = "3"  # 2: offsets, activity logs; 3: duplicate rows found and combined


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
    except (OSError, ValueError, KeyError, zipfile.BadZipFile, CalamineError) as error:  # broken
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
    for header, canonical in spec.mapping():
        if header not in source.columns:
            continue
        ctx = CellContext(rel, header, raw.headers.index(header) + 1, rows)
        cells = _apply_value_map(source[header], spec.values.get(canonical))
        numbers = NumberStyle(spec.decimal, spec.thousands)
        column = table.columns[canonical]
        values, cell_issues = convert_column(cells, column, spec.date_format, ctx, numbers)
        out[canonical] = _localise(values, spec.timezone, timezone, column)
        contexts[canonical] = ctx
        issues.extend(cell_issues)
    out = _fill_unmapped(out, table)
    issues.extend(_constants(out, rel, spec, table))
    issues.extend(check_rules(out, table, contexts))
    out, duplicates = check_duplicates(out, rel, spec, table)
    return out, _once(issues + duplicates)


def _constants(out: pd.DataFrame, rel: str, spec: SourceSpec, table: TableSpec) -> list[Issue]:
    """Fill each declared constant into its column (where the export left it empty)."""
    issues: list[Issue] = []
    for name, constant in spec.constants.items():
        ctx = CellContext(rel, f"constants.{name}", 0, row_numbers(out))
        cells = pd.Series([constant] * len(out), index=out.index, dtype=object)
        values, bad = convert_column(cells, table.columns[name], spec.date_format, ctx)
        out[name] = out[name].fillna(values.astype(out[name].dtype))
        issues.extend(bad[:1])
    return issues


def _once(issues: list[Issue]) -> list[Issue]:
    """One header feeding two canonical columns reports a bad cell once."""
    seen: set[tuple[str, int | None, str | None, str]] = set()
    kept = []
    for issue in issues:
        key = (issue.file, issue.line, issue.field, issue.code)
        if key not in seen:
            seen.add(key)
            kept.append(issue)
    return kept


def combine_files(
    spec: SourceSpec, files: tuple[str, ...], loaded: list[LoadedTable]
) -> tuple[pd.DataFrame, tuple[Issue, ...]]:
    """The source's table from its files (in ``files`` order): concatenated, then collapsed to
    one row per ticket (``collapse``), or checked for repeated ticket ids."""
    frames = [item.frame for item in loaded if len(item.frame)]
    frame = pd.concat(frames, ignore_index=True) if frames else loaded[0].frame
    issues: list[Issue] = []
    if spec.collapse_key or spec.is_activity_log:
        frame = events_to_tickets(frame, spec)
    elif spec.table == "tickets":
        sources = [f for f, item in zip(files, loaded, strict=True) if len(item.frame)]
        names = np.repeat(sources, [len(f) for f in frames]) if frames else np.array([], dtype=str)
        issues = _repeated_ids(frame, names, spec)
    return apply_fallback(frame, spec.fallback), tuple(issues)


def apply_fallback(frame: pd.DataFrame, fallback: dict[str, str]) -> pd.DataFrame:
    """``{resolved: closed}``: an empty ``resolved`` takes the row's ``closed`` (columns of
    two types are a sources.yml issue and left alone here)."""
    for target, source in fallback.items():
        if {target, source} <= set(frame.columns) and frame[target].dtype == frame[source].dtype:
            frame[target] = frame[target].fillna(frame[source])
    return frame


def _repeated_ids(frame: pd.DataFrame, names: np.ndarray, spec: SourceSpec) -> list[Issue]:
    """One issue at the first repeated ticket id: without ``collapse``, each row is a ticket."""
    ids = frame["id"]
    repeated = (ids.notna() & ids.duplicated(keep="first")).to_numpy(dtype=bool)
    if not repeated.any():
        return []
    at = int(np.flatnonzero(repeated)[0])
    first = int(np.flatnonzero((ids == ids.iloc[at]).to_numpy(dtype=bool))[0])
    where = f"row {frame[ROW].iloc[first]}"
    if names[first] != names[at]:
        where += f" of {names[first]}"
    others = int(repeated.sum()) - 1
    more = f" ({others} more repeated rows)" if others else ""
    return [
        Issue(
            str(names[at]),
            int(frame[ROW].iloc[at]),
            spec.canonical_to_source().get("id"),
            "D115",
            f'ticket id "{ids.iloc[at]}" appears again (first on {where}){more}: without '
            "`collapse:` every row is counted as a separate ticket",
            hint="an event log (one row per update) needs `collapse: {key: id, order_by: "
            "[update_counter, updated_at]}` in data/sources.yml; otherwise remove the repeats",
        )
    ]


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


def _localise(values: pd.Series, source_tz: str | None, local_tz: str, column: Column) -> pd.Series:
    """Times in the customer's calendar zone, naive: cells with a UTC offset are converted
    from their offset, others from the source's declared ``timezone`` (if any)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(local_tz).dt.tz_localize(None)
        return values.dt.normalize() if column.kind == "date" else values
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
