"""Raw cells -> canonical typed columns, each bad cell reported as ``file:row: column: reason``.

Vectorised: a column is converted in one pandas call; only the rows that failed are turned
into Issues (at most ``MAX_PER_COLUMN`` per column and code, then one summary Issue).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.kpi.canonical import ISO8601, Column, Rule, TableSpec
from reportal.kpi.loading.read import ROW

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd

MAX_PER_COLUMN = 20
_TRUE = {"true", "t", "1", "yes", "y", "是", "对", "√"}
_FALSE = {"false", "f", "0", "no", "n", "否", "×"}


@dataclass(frozen=True)
class CellContext:
    """Where a column came from, for messages: file, source header, 1-based column index."""

    file: str
    header: str
    index: int
    rows: np.ndarray


@dataclass(frozen=True)
class NumberStyle:
    """The decimal mark and thousands separator a source declares (None: not declared)."""

    decimal: str | None = None
    thousands: str | None = None


def convert_column(
    raw: pd.Series,
    column: Column,
    date_format: str,
    ctx: CellContext,
    numbers: NumberStyle = NumberStyle(),  # frozen: one shared default is safe
) -> tuple[pd.Series, list[Issue]]:
    raw = _blank_to_missing(raw)
    converter = _CONVERTERS[column.kind]
    text, ambiguous = raw, np.zeros(len(raw), dtype=bool)
    if column.kind in ("float", "int"):
        text, ambiguous = _normalise_numbers(raw, numbers)
    values, expected = converter(text, date_format)
    bad = raw.notna().to_numpy() & values.isna().to_numpy()
    issues = _cell_issues(bad & ~ambiguous, raw, ctx, "D110", lambda v: f'"{v}" is not {expected}')
    issues += _cell_issues(bad & ambiguous, raw, ctx, "D119", _ambiguous, hint=_AMBIGUOUS_HINT)
    if column.filled:
        issues += _cell_issues(
            raw.isna().to_numpy(),
            raw,
            ctx,
            "D114",
            lambda v: "required value is missing",
            hint="fill in the cell; a row without it cannot be counted",
        )
    values = values.mask(pd.Series(bad, index=values.index))
    range_issues, values = _check_range(values, column, ctx, raw)
    if column.kind in ("str", "priority"):
        issues += _jinja_cells(values, ctx)
    return values, issues + range_issues


def _jinja_cells(values: pd.Series, ctx: CellContext) -> list[Issue]:
    """Text cells reach report pages; ``{{`` or ``{%`` there is refused by the build, so it is
    found here first, at its row."""
    marked = values.str.contains(r"\{[{%]", regex=True).fillna(False).to_numpy(dtype=bool)
    if not marked.any():
        return []
    return _cell_issues(
        marked,
        values,
        ctx,
        "D118",
        lambda v: f'"{v}" holds `{{{{` or `{{%`, which a page can never show',
        hint="write the braces apart (`{ {`) or leave them out",
    )


_AMBIGUOUS_HINT = (
    'declare the source\'s `decimal: ","` or `thousands: ","` in data/sources.yml '
    '(e.g. decimal: "," thousands: ".")'
)


def _ambiguous(value: str) -> str:
    return f'"{value}" holds a comma, and the source declares neither `decimal` nor `thousands`'


def _normalise_numbers(raw: pd.Series, style: NumberStyle) -> tuple[pd.Series, np.ndarray]:
    """Number text in the source's declared style -> plain ``1234.5`` text; a cell with a mark
    in the wrong place becomes unreadable. Undeclared: a comma is ambiguous (``12,5`` is 12.5
    or 125), so such cells are unreadable and flagged for D119, never guessed."""
    if pd.api.types.is_numeric_dtype(raw) or not raw.notna().any():
        return raw, np.zeros(len(raw), dtype=bool)
    text = raw.astype("string").str.strip()
    if style.decimal is None and style.thousands is None:
        return text, text.str.contains(",", regex=False).fillna(False).to_numpy(dtype=bool)
    decimal, thousands = style.decimal or ".", style.thousands
    marks = "".join(re.escape(m) for m in sorted({",", ".", decimal, thousands or decimal}))
    marked = text.str.contains(f"[{marks}]", regex=True).fillna(False)
    well_formed = text.str.fullmatch(_number_pattern(decimal, thousands)).fillna(False)
    plain = text.str.replace(thousands, "", regex=False) if thousands else text
    plain = plain.str.replace(decimal, ".", regex=False) if decimal != "." else plain
    result = text.mask(marked & well_formed, plain).mask(marked & ~well_formed, "?")
    return result, np.zeros(len(raw), dtype=bool)


def _number_pattern(decimal: str, thousands: str | None) -> str:
    whole = r"[0-9]+"
    if thousands:
        whole = rf"(?:[0-9]+|[0-9]{{1,3}}(?:{re.escape(thousands)}[0-9]{{3}})+)"
    return rf"[+-]?{whole}(?:{re.escape(decimal)}[0-9]+)?(?:[eE][+-]?[0-9]+)?"


def _blank_to_missing(raw: pd.Series) -> pd.Series:
    """A cell of only spaces is an empty cell, whatever the column's type."""
    if pd.api.types.is_numeric_dtype(raw) or pd.api.types.is_datetime64_any_dtype(raw):
        return raw
    if pd.api.types.is_string_dtype(raw) and raw.dtype != object:
        blank = raw.str.strip().eq("").fillna(False).astype(bool)
    else:
        blank = raw.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
    return raw.mask(blank) if blank.any() else raw


def check_rules(
    frame: pd.DataFrame, table: TableSpec, ctx_of: dict[str, CellContext]
) -> list[Issue]:
    issues: list[Issue] = []
    for rule in table.rules:
        if rule.left in frame.columns and rule.right in frame.columns:
            issues.extend(_rule_issues(frame, rule, ctx_of))
    return issues


def _rule_issues(frame: pd.DataFrame, rule: Rule, ctx_of: dict[str, CellContext]) -> list[Issue]:
    left, right = frame[rule.left], frame[rule.right]
    bad = (left > right).fillna(False).to_numpy(dtype=bool)
    if rule.code == "D112":  # an end before its start: point at the end column
        pointed, shown = rule.right, (right, left)
    else:  # a count above its bound: point at the count
        pointed, shown = rule.left, (left, right)
    if pointed not in ctx_of:
        return []
    ctx, (a, b) = ctx_of[pointed], shown

    def describe(i: int) -> str:
        return f"{rule.message} ({_show(a.iloc[i])} vs {_show(b.iloc[i])})"

    return _cell_issues(bad, None, ctx, rule.code, describe, by_position=True)


def _check_range(
    values: pd.Series, column: Column, ctx: CellContext, raw: pd.Series
) -> tuple[list[Issue], pd.Series]:
    issues: list[Issue] = []
    if column.minimum is not None or column.maximum is not None:
        bad_range = pd.Series(False, index=values.index)
        if column.minimum is not None:
            bad_range |= (values < column.minimum).fillna(False).astype(bool)
        if column.maximum is not None:
            bad_range |= (values > column.maximum).fillna(False).astype(bool)
        if bad_range.any():
            span = _span(column)
            issues = _cell_issues(
                bad_range.to_numpy(),
                raw,
                ctx,
                "D111",
                lambda v: f"{v} is out of range (expected {span})",
            )
            values = values.mask(bad_range)
    if column.choices:
        bad = (values.notna() & ~values.isin(column.choices)).to_numpy(dtype=bool)
        if bad.any():
            known = ", ".join(column.choices)
            issues += _cell_issues(
                bad,
                raw,
                ctx,
                "D111",
                lambda v: f'"{v}" is not one of {known}',
                hint="map export values in data/sources.yml `values:`",
            )
            values = values.mask(pd.Series(bad, index=values.index))
    return issues, values


def _cell_issues(
    bad: np.ndarray,
    raw: pd.Series | None,
    ctx: CellContext,
    code: str,
    describe: Callable[..., str],
    hint: str | None = None,
    by_position: bool = False,
) -> list[Issue]:
    positions = np.flatnonzero(bad)
    issues = []
    for i in positions[:MAX_PER_COLUMN]:
        message = (
            describe(int(i))
            if by_position
            else describe(_show(raw.iloc[i]) if raw is not None else "")
        )
        issues.append(
            Issue(
                ctx.file, int(ctx.rows[i]), ctx.header, code, message, hint=hint, column=ctx.index
            )
        )
    if len(positions) > MAX_PER_COLUMN:
        rest = len(positions) - MAX_PER_COLUMN
        issues.append(
            Issue(
                ctx.file,
                int(ctx.rows[positions[MAX_PER_COLUMN]]),
                ctx.header,
                code,
                f"... and {rest} more rows with the same problem in this column",
                column=ctx.index,
            )
        )
    return issues


def _span(column: Column) -> str:
    if column.maximum is None:
        return f">= {_show(column.minimum)}"
    if column.minimum is None:
        return f"<= {_show(column.maximum)}"
    return f"{_show(column.minimum)} to {_show(column.maximum)}"


def _show(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() else value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_OFFSET = r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$"


def _to_datetime(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    """Naive datetimes, or UTC-aware ones when the cells carry a UTC offset (``%z`` or ISO 8601
    with an offset); loading converts those to the customer's calendar time zone."""
    expected = _expected_date(fmt)
    if pd.api.types.is_datetime64_any_dtype(raw):
        aware = isinstance(raw.dtype, pd.DatetimeTZDtype)
        return (raw.dt.tz_convert("UTC") if aware else raw).astype(_unit(raw)), expected
    if pd.api.types.is_string_dtype(raw) and raw.dtype != object:  # CSV text: one parse
        return _parse_text(raw.str.strip(), fmt), expected
    is_text = raw.map(lambda v: isinstance(v, str)).astype(bool)
    text = _parse_text(raw[is_text].astype(str).str.strip(), fmt)
    parsed = pd.Series(pd.NaT, index=raw.index, dtype=text.dtype)
    parsed[is_text] = text
    native = raw.map(_is_date).astype(bool)
    if native.any() and not isinstance(text.dtype, pd.DatetimeTZDtype):
        # spreadsheets hold real dates next to text (numbers are not dates); next to offset
        # text a date without offset is ambiguous and stays a bad cell
        parsed[native] = pd.to_datetime(raw[native], errors="coerce")
    return parsed, expected


def _parse_text(text: pd.Series, fmt: str) -> pd.Series:
    if fmt == ISO8601:
        return _parse_iso(text)
    if "%z" in fmt:  # one or several offsets: all to UTC, never "mixed time zones"
        return pd.to_datetime(text, format=fmt, errors="coerce", utc=True).astype(_AWARE)
    return pd.to_datetime(text, format=fmt, errors="coerce").astype(_NAIVE)


def _parse_iso(text: pd.Series) -> pd.Series:
    """ISO 8601 only. When some cells carry an offset, a cell without one is a bad cell."""
    offset = text.str.contains(_OFFSET, regex=True, na=False)
    if not offset.any():
        return pd.to_datetime(text, format=ISO8601, errors="coerce").astype(_NAIVE)
    parsed = pd.Series(pd.NaT, index=text.index, dtype=_AWARE)
    parsed[offset] = pd.to_datetime(text[offset], format=ISO8601, errors="coerce", utc=True)
    return parsed


def _expected_date(fmt: str) -> str:
    if fmt == ISO8601:
        return (
            "an ISO 8601 date (YYYY-MM-DD, optionally THH:MM:SS and a UTC offset, the same for "
            "the whole column); declare date_format for any other layout"
        )
    return f"a date in the format {fmt}"


def _unit(raw: pd.Series) -> str:
    return _AWARE if isinstance(raw.dtype, pd.DatetimeTZDtype) else _NAIVE


_NAIVE = "datetime64[us]"
_AWARE = "datetime64[us, UTC]"


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date | np.datetime64) and not pd.isna(value)


def _to_date(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    parsed, expected = _to_datetime(raw, fmt)
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):  # the day is the local one: loading cuts
        return parsed, expected
    return parsed.dt.normalize(), expected


def _to_float(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        return raw.astype("float64"), "a number"
    cleaned = raw.astype("string").str.strip()
    return pd.to_numeric(cleaned, errors="coerce").astype("float64"), "a number"


def _to_int(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    values, _ = _to_float(raw, fmt)
    whole = values.where(values.isna() | (values % 1 == 0))
    return whole, "a whole number"


def _to_bool(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    expected = "a yes/no value (true/false, 1/0, 是/否)"
    if pd.api.types.is_bool_dtype(raw):
        return raw.astype("boolean"), expected
    text = raw.astype("string").str.strip().str.lower()
    mapped = text.map(lambda v: True if v in _TRUE else False if v in _FALSE else None)
    return mapped.astype("boolean"), expected


def _to_str(raw: pd.Series, fmt: str) -> tuple[pd.Series, str]:
    text = raw.astype("string").str.strip()
    return text.mask(text == ""), "text"


_CONVERTERS: dict[str, Callable[[pd.Series, str], tuple[pd.Series, str]]] = {
    "datetime": _to_datetime,
    "date": _to_date,
    "float": _to_float,
    "int": _to_int,
    "bool": _to_bool,
    "str": _to_str,
    "priority": _to_str,
}


def row_numbers(frame: pd.DataFrame) -> np.ndarray:
    return frame[ROW].to_numpy()
