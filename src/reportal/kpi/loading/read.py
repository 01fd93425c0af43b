"""Read one export file into raw cells: strings (CSV) or native values (XLSX, Parquet).

Every frame gets a ``_row`` column: the row number as a spreadsheet shows it (header = 1).
Bytes that do not decode in the declared encoding are an Issue, never silent mojibake.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reportal.issues import Issue
from reportal.kpi.sources import SourceSpec

ROW = "_row"


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
    if kind == "parquet":
        return _with_rows(pd.read_parquet(path))
    if kind == "xlsx":
        frame = pd.read_excel(path, dtype=object)
        frame = frame.replace(dict.fromkeys(spec.na_values, None))
        return _with_rows(frame)
    if kind != "csv":
        return RawTable(
            None,
            (),
            (
                Issue(
                    rel,
                    None,
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


def read_csv_text(text: str, rel: str, spec: SourceSpec) -> RawTable:
    options = {
        "sep": spec.delimiter,
        "dtype": str,
        "keep_default_na": False,
        "na_values": [*spec.na_values, ""],
        "skip_blank_lines": False,
    }
    try:
        frame = pd.read_csv(io.StringIO(text), **options)  # type: ignore[call-overload]
    except pd.errors.ParserError:
        return _read_ragged(text, rel, spec)
    except pd.errors.EmptyDataError:
        return RawTable(None, (), (Issue(rel, 1, None, "D104", "the file is empty"),))
    return _drop_blank(_with_rows(frame))


def _read_ragged(text: str, rel: str, spec: SourceSpec) -> RawTable:
    """Slow path for rows with more fields than the header: report each, keep the rest."""
    records = list(csv.reader(io.StringIO(text), delimiter=spec.delimiter))
    headers = records[0]
    issues, rows, numbers = [], [], []
    for number, record in enumerate(records[1:], start=2):
        if len(record) > len(headers):
            extra = len(record) - len(headers)
            issues.append(
                Issue(
                    rel,
                    number,
                    None,
                    "D105",
                    f"row has {len(record)} fields, the header has {len(headers)} ({extra} extra)",
                    column=len(headers) + 1,
                    hint="a delimiter inside a value must be quoted",
                )
            )
            continue
        rows.append(record + [""] * (len(headers) - len(record)))
        numbers.append(number)
    frame = pd.DataFrame(rows, columns=headers, dtype=object)
    missing = {*spec.na_values, ""}
    frame = frame.where(~frame.isin(missing), None)
    frame[ROW] = numbers
    return RawTable(_drop_blank(_with_rows(frame, keep=True)).frame, tuple(headers), tuple(issues))


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
