"""Read one export file into raw cells: strings (CSV) or native values (XLSX, Parquet).

Every frame gets a ``_row`` column: the row number as a spreadsheet shows it (header = 1).
Bytes that do not decode in the declared encoding are an Issue, never silent mojibake.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.kpi.loading.limits import check_export_limits
from reportal.kpi.sources import SourceSpec

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

ROW = "_row"
MAX_ROW_ISSUES = 20  # ragged rows reported one by one, then one summary
_UTF8 = {"utf-8", "utf-8-sig"}
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(frozen=True)
class RawTable:
    frame: pd.DataFrame | None
    headers: tuple[str, ...]
    issues: tuple[Issue, ...] = ()


def file_format(spec: SourceSpec, path: Path) -> str:
    if spec.format:
        return spec.format
    suffix = path.suffix.lower().lstrip(".")
    return {"xls": "xlsx", "pq": "parquet"}.get(suffix, suffix)


def read_raw(path: Path, rel: str, spec: SourceSpec) -> RawTable:
    """Read ``path`` (named ``rel`` in messages) as ``spec`` declares."""
    kind = file_format(spec, path)
    over = check_export_limits(path, rel, kind)
    if over is not None:
        return RawTable(None, (), (over,))
    if kind == "parquet":
        return _drop_blank(_with_rows(_mark_missing(pd.read_parquet(path), spec.na_values)))
    if kind == "xlsx":  # no default markers: `NA`, `null`, `N/A` are values unless declared
        frame = pd.read_excel(path, dtype=object, na_filter=False, engine="calamine")
        return _drop_blank(_with_rows(_mark_missing(frame, spec.na_values)))
    if kind != "csv":
        return RawTable(
            None,
            (),
            (
                Issue(
                    rel,
                    1,
                    None,
                    "D102",
                    f'unknown file format "{kind}"',
                    hint="use csv, xlsx or parquet",
                ),
            ),
        )
    text, issue = decode(path.read_bytes(), spec.encoding, rel)
    if issue is not None:
        return RawTable(None, (), (issue,))
    return read_csv_text(text, rel, spec)


def decode(data: bytes, encoding: str, rel: str) -> tuple[str, Issue | None]:
    """Decode strictly; ``auto`` tries UTF-8 (with or without BOM) and then GB18030."""
    if encoding != "auto" and (looks_utf8 := _utf8_declared_legacy(data, encoding, rel)):
        return "", looks_utf8
    candidates = ["utf-8-sig", "gb18030"] if encoding == "auto" else [encoding]
    first_error: UnicodeDecodeError | None = None
    for name in candidates:
        try:
            return data.decode("utf-8-sig" if name == "utf-8" else name), None
        except UnicodeDecodeError as error:
            first_error = first_error or error
    assert first_error is not None
    line = data.count(b"\n", 0, first_error.start) + 1
    tried = " or ".join(candidates).replace("utf-8-sig", "UTF-8")
    return "", Issue(
        rel,
        line,
        None,
        "D103",
        f"bytes {data[first_error.start : first_error.start + 4]!r} are not valid {tried}",
        hint="declare the file's encoding in data/sources.yml (utf-8, utf-8-sig, gb18030)",
    )


def _utf8_declared_legacy(data: bytes, encoding: str, rel: str) -> Issue | None:
    """UTF-8 bytes declared in a legacy encoding (GB18030, GBK, Big5…) often still decode, as
    mojibake: 容量评估 -> 瀹归噺璇勪及. Non-ASCII text that is valid UTF-8 is UTF-8: real GB18030
    Chinese text is practically never valid UTF-8."""
    if codecs.lookup(encoding).name in _UTF8 or data.isascii():
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _NON_ASCII.search(text.removeprefix("\ufeff"))
    if found is None:  # ASCII after a UTF-8 byte order mark
        sample = "it starts with a UTF-8 byte order mark"
        line = 1
    else:
        word = found.group()[:8]
        garbled = word.encode("utf-8").decode(encoding, errors="replace")
        sample = f'"{word}" would read as "{garbled}"'
        line = text.count("\n", 0, found.start()) + 1
    return Issue(
        rel,
        line,
        "encoding",
        "D103",
        f"the file is declared {encoding} but is UTF-8: {sample}",
        hint="declare `encoding: utf-8` (or `auto`) for this source in data/sources.yml",
    )


def read_csv_text(text: str, rel: str, spec: SourceSpec) -> RawTable:
    options = {
        "sep": spec.delimiter,
        "dtype": str,
        "keep_default_na": False,
        "na_values": [*spec.na_values, ""],
        "skip_blank_lines": False,
        "index_col": False,  # never guess an index column from an extra field
    }
    try:
        if _first_row_is_long(text, spec.delimiter):  # pandas would drop or index the extras
            return _read_ragged(text, rel, spec)
        try:
            frame = pd.read_csv(io.StringIO(text), **options)  # type: ignore[call-overload]
        except pd.errors.ParserError:  # a later row with more fields than the first
            return _read_ragged(text, rel, spec)
    except pd.errors.EmptyDataError:
        return RawTable(None, (), (Issue(rel, 1, None, "D104", "the file is empty"),))
    except csv.Error as error:  # e.g. a NUL byte, an unclosed quote in strict mode
        message = f"not readable as CSV: {error}"
        return RawTable(None, (), (Issue(rel, 1, None, "D105", message),))
    return _drop_blank(_with_rows(frame))


def _first_row_is_long(text: str, delimiter: str) -> bool:
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(records, [])
    first = next((record for record in records if record), [])
    return len(first) > len(header)


def _read_ragged(text: str, rel: str, spec: SourceSpec) -> RawTable:
    """Slow path for rows with more fields than the header: report each, keep the rest."""
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=spec.delimiter))
    headers = records[0]
    issues: list[Issue] = []
    rows, numbers = [], []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(headers):
            issues.append(_extra_fields(rel, number, record, len(headers)))
            continue
        rows.append(record + [""] * (len(headers) - len(record)))
        numbers.append(number)
    frame = _mark_missing(pd.DataFrame(rows, columns=headers, dtype=object), spec.na_values)
    frame[ROW] = numbers
    frame = _drop_blank(_with_rows(frame, keep=True)).frame
    return RawTable(frame, tuple(headers), tuple(_capped(issues)))


def _extra_fields(rel: str, number: int, record: list[str], width: int) -> Issue:
    extra = len(record) - width
    trailing = not any(value.strip() for value in record[width:])
    return Issue(
        rel,
        number,
        None,
        "D105",
        f"row has {len(record)} fields, the header has {width} ({extra} extra)",
        column=width + 1,
        hint="the row ends with a delimiter: remove it, or give the extra column a header"
        if trailing
        else "a delimiter inside a value must be quoted",
    )


def _capped(issues: list[Issue]) -> list[Issue]:
    if len(issues) <= MAX_ROW_ISSUES:
        return issues
    first = issues[MAX_ROW_ISSUES]
    rest = len(issues) - MAX_ROW_ISSUES
    summary = Issue(
        first.file,
        first.line,
        None,
        first.code,
        f"... and {rest} more rows with the same problem",
        column=first.column,
    )
    return [*issues[:MAX_ROW_ISSUES], summary]


def _mark_missing(frame: pd.DataFrame, na_values: tuple[str, ...]) -> pd.DataFrame:
    """Empty cells and the declared markers (only those) become missing."""
    markers = [*na_values, ""]
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            frame[name] = column.where(~column.isin(markers), None)
    return frame


def _with_rows(frame: pd.DataFrame, keep: bool = False) -> RawTable:
    frame.columns = [str(c).strip() for c in frame.columns]
    headers = tuple(c for c in frame.columns if c != ROW)
    if not keep:
        frame[ROW] = range(2, len(frame) + 2)
    return RawTable(frame, headers)


def _drop_blank(raw: RawTable) -> RawTable:
    frame = raw.frame
    assert frame is not None
    data = frame.drop(columns=[ROW])
    blank = data.isna().all(axis=1) if len(data.columns) else pd.Series(False, index=frame.index)
    if blank.any():
        frame = frame[~blank].reset_index(drop=True)
    return RawTable(frame, raw.headers, raw.issues)
