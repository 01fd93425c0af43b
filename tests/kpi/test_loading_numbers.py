"""Decimal commas and thousands separators: read as the source declares, never guessed.

"12,5" minutes became 125 and "1,234" became 1234 when every comma was stripped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_loading import issues_of, load, portal

SOURCE = (
    "dingsheng:\n  availability:\n    path: exports/dingsheng/a.csv\n"
    '    date_format: "%Y-%m-%d"\n    delimiter: ";"\n{extra}'
    "    columns: {{date: date, system: system, down: downtime_minutes}}\n"
)


def availability(tmp_path: Path, repo_root: Path, extra: str, cells: list[str]) -> Path:
    rows = "".join(f"2026-04-0{i + 1};S;{cell}\n" for i, cell in enumerate(cells))
    files = {
        "data/sources.yml": SOURCE.format(extra=extra),
        "data/exports/dingsheng/a.csv": "date;system;down\n" + rows,
    }
    return portal(tmp_path, repo_root, files)


def minutes(root: Path) -> list[float | None]:
    values = load(root, table="availability")["downtime_minutes"]
    return [None if pd.isna(v) else float(v) for v in values]


def test_a_comma_without_a_declaration_is_an_error_not_a_guess(
    tmp_path: Path, repo_root: Path
) -> None:
    root = availability(tmp_path, repo_root, "", ["12,5", "1,234", "7", "3.5"])
    assert minutes(root) == [None, None, 7.0, 3.5]
    issues = issues_of(root)
    assert issues[0] == (
        'data/exports/dingsheng/a.csv:2: down: "12,5" holds a comma, and the source declares '
        "neither `decimal` nor `thousands` [D119]\n"
        '  hint: declare the source\'s `decimal: ","` or `thousands: ","` in data/sources.yml '
        '(e.g. decimal: "," thousands: ".")'
    )
    assert issues[1].startswith('data/exports/dingsheng/a.csv:3: down: "1,234" holds a comma')
    assert len(issues) == 2


@pytest.mark.parametrize(
    ("extra", "cells", "expected", "bad_rows"),
    [
        ('    decimal: ","\n', ["12,5", "7", "0,25"], [12.5, 7.0, 0.25], []),
        ('    decimal: ","\n', ["12.5", "1.234,5"], [None, None], [2, 3]),
        (
            '    decimal: ","\n    thousands: "."\n',
            ["1.234,5", "12,5", "1.234", "12.5"],
            [1234.5, 12.5, 1234.0, None],
            [5],
        ),
        (
            '    thousands: ","\n',
            ["1,234", "1,234.5", "12,5", "12.5"],
            [1234, 1234.5, None, 12.5],
            [4],
        ),
        ('    thousands: " "\n', ["1 234", "12 34"], [1234.0, None], [3]),
    ],
)
def test_declared_marks_are_read_and_misplaced_ones_are_errors(
    extra: str,
    cells: list[str],
    expected: list[float | None],
    bad_rows: list[int],
    tmp_path: Path,
    repo_root: Path,
) -> None:
    root = availability(tmp_path, repo_root, extra, cells)
    assert minutes(root) == expected
    issues = issues_of(root)
    assert [int(i.split(":")[1]) for i in issues] == bad_rows
    assert all("[D110]" in i for i in issues)


def test_thousands_and_decimal_cannot_be_the_same_mark(tmp_path: Path, repo_root: Path) -> None:
    root = availability(tmp_path, repo_root, '    thousands: "."\n', ["1"])
    assert issues_of(root) == [
        'data/sources.yml:6: dingsheng.availability.thousands: thousands "." is also the '
        "decimal mark [D101]"
    ]
