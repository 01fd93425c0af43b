"""Duplicate rows: an exact copy of a row, or two rows with the same key, are counted twice.

Each canonical table declares its key (``TableSpec.key``). An exact copy is always an error; a
second row with the same key is an error unless the source declares ``duplicates: sum`` (add
the numbers of the rows: two outages of one system on one day) or ``duplicates: last`` (a
later row replaces an earlier one). Event logs (``collapse:``) are combined by collapsing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.kpi.canonical import TableSpec
from reportal.kpi.loading.read import ROW
from reportal.kpi.sources import SourceSpec

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

MAX_ISSUES = 20
_NUMBERS = ("int", "float")


def check_duplicates(
    frame: pd.DataFrame, rel: str, spec: SourceSpec, table: TableSpec
) -> tuple[pd.DataFrame, list[Issue]]:
    """``frame`` without exact copies, its key duplicates combined as declared; D116 for each
    copy and D117 for each undeclared key duplicate, at the later row."""
    if spec.collapse_key or spec.is_activity_log or frame.empty:
        return frame, []  # event and activity logs repeat ids by nature; they are folded
    headers = spec.canonical_to_source()
    data = [c for c in frame.columns if c != ROW]
    copies = frame.duplicated(subset=data, keep="first")
    issues = _issues(frame, copies, data, rel, headers.get(data[0]), "D116", _copy_message)
    frame = frame[~copies]
    key = [c for c in table.key if c in frame.columns and frame[c].notna().any()]
    if not key:
        return frame.reset_index(drop=True), issues
    if spec.duplicates == "sum":
        return _sum(frame, key, table), issues
    if spec.duplicates == "last":
        kept = frame.drop_duplicates(subset=key, keep="last").sort_values(ROW, kind="stable")
        return kept.reset_index(drop=True), issues
    same_key = frame.duplicated(subset=key, keep="first")
    message = _key_message(key, headers)
    issues += _issues(frame, same_key, key, rel, headers.get(key[0]), "D117", message)
    return frame.reset_index(drop=True), issues


def _issues(
    frame: pd.DataFrame,
    later: pd.Series,
    subset: list[str],
    rel: str,
    field: str | None,
    code: str,
    describe: Callable[[pd.Series, int], str],
) -> list[Issue]:
    if not later.any():
        return []
    first = frame.groupby(subset, dropna=False, sort=False)[ROW].transform("min")
    rows = frame.loc[later]
    hint = _HINTS[code]
    issues = [
        Issue(rel, int(row[ROW]), field, code, describe(row, int(first.loc[index])), hint=hint)
        for index, row in rows.head(MAX_ISSUES).iterrows()
    ]
    if len(rows) > MAX_ISSUES:
        rest = len(rows) - MAX_ISSUES
        line = int(rows[ROW].iloc[MAX_ISSUES])
        issues.append(Issue(rel, line, field, code, f"... and {rest} more such rows", hint=hint))
    return issues


def _copy_message(row: pd.Series, first: int) -> str:
    return f"this row is an exact copy of row {first}: it would be counted twice"


def _key_message(key: list[str], headers: dict[str, str]) -> Callable[[pd.Series, int], str]:
    def describe(row: pd.Series, first: int) -> str:
        shown = ", ".join(f"{headers.get(c, c)} {_show(row[c])}" for c in key)
        return f"row {first} has the same {shown}: both would be counted"

    return describe


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if value == value.normalize() else "%Y-%m-%d %H:%M")
    return str(value)


def _sum(frame: pd.DataFrame, key: list[str], table: TableSpec) -> pd.DataFrame:
    numbers = [c for c, col in table.columns.items() if col.kind in _NUMBERS and c not in key]
    rules = {
        c: (_sum_or_missing if c in numbers else "first")
        for c in frame.columns
        if c not in key and c != ROW
    }
    combined = frame.groupby(key, dropna=False, sort=False).agg({ROW: "min", **rules})
    return combined.reset_index()[frame.columns].sort_values(ROW, kind="stable")


def _sum_or_missing(values: pd.Series) -> float:
    return float(values.sum(min_count=1))


_HINTS = {
    "D116": "delete the copy; the export holds this row twice",
    "D117": (
        "delete one row, or declare how to combine them for this source in data/sources.yml: "
        "`duplicates: sum` (add their numbers) or `duplicates: last` (the later row wins)"
    ),
}
