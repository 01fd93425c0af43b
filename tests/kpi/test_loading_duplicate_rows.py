"""Duplicate rows are errors, not double counts: a copied availability row turned 12 minutes of
downtime into 612 and the state to critical while check stayed silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_loading import issues_of, load, portal

SOURCE = (
    "dingsheng:\n  availability:\n    path: exports/dingsheng/a.csv\n"
    '    date_format: "%Y-%m-%d"\n{extra}'
    "    columns: {{date: date, system: system, down: downtime_minutes}}\n"
)


def availability(tmp_path: Path, repo_root: Path, rows: str, extra: str = "") -> Path:
    files = {
        "data/sources.yml": SOURCE.format(extra=extra),
        "data/exports/dingsheng/a.csv": "date,system,down\n" + rows,
    }
    return portal(tmp_path, repo_root, files)


def downtime(root: Path) -> list[tuple[str, float]]:
    frame = load(root, table="availability")
    pairs = zip(frame["system"], frame["downtime_minutes"], strict=True)
    return sorted((str(system), float(minutes)) for system, minutes in pairs)


def test_an_exact_copy_is_an_error_and_counted_once(tmp_path: Path, repo_root: Path) -> None:
    rows = "2026-04-01,核心,12\n2026-04-01,网银,0\n2026-04-01,核心,12\n"
    root = availability(tmp_path, repo_root, rows)
    assert downtime(root) == [("核心", 12.0), ("网银", 0.0)]  # sorted by system
    assert issues_of(root) == [
        "data/exports/dingsheng/a.csv:4: date: this row is an exact copy of row 2: it would be "
        "counted twice [D116]\n  hint: delete the copy; the export holds this row twice"
    ]


def test_the_same_key_twice_is_an_error_unless_declared(tmp_path: Path, repo_root: Path) -> None:
    rows = "2026-04-01,核心,12\n2026-04-01,核心,600\n"
    [issue] = issues_of(availability(tmp_path, repo_root, rows))
    assert issue.startswith(
        "data/exports/dingsheng/a.csv:3: date: row 2 has the same date 2026-04-01, system 核心: "
        "both would be counted [D117]\n  hint: delete one row, or declare how to combine them"
    )


@pytest.mark.parametrize(("how", "expected"), [("sum", 612.0), ("last", 600.0)])
def test_a_declared_combination_is_applied(
    how: str, expected: float, tmp_path: Path, repo_root: Path
) -> None:
    rows = "2026-04-01,核心,12\n2026-04-01,网银,5\n2026-04-01,核心,600\n"
    root = availability(tmp_path, repo_root, rows, f"    duplicates: {how}\n")
    assert issues_of(root) == []
    assert downtime(root) == [("核心", expected), ("网银", 5.0)]


def test_an_unknown_combination_is_a_source_error(tmp_path: Path, repo_root: Path) -> None:
    root = availability(tmp_path, repo_root, "2026-04-01,核心,12\n", "    duplicates: max\n")
    assert issues_of(root) == [
        "data/sources.yml:5: dingsheng.availability.duplicates: unallowed value max [D101]"
    ]


def test_calls_are_keyed_by_interval_and_queue(tmp_path: Path, repo_root: Path) -> None:
    source = (
        "dingsheng:\n  calls:\n    path: exports/dingsheng/c.csv\n"
        '    date_format: "%Y-%m-%d %H:%M"\n'
        "    columns: {start: interval_start, q: queue, offered: offered, answered: answered}\n"
    )
    rows = "2026-04-01 09:00,A,5,5\n2026-04-01 09:00,B,3,3\n2026-04-01 09:00,A,4,4\n"
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": source,
            "data/exports/dingsheng/c.csv": "start,q,offered,answered\n" + rows,
        },
    )
    [issue] = issues_of(root)
    assert issue.startswith(
        "data/exports/dingsheng/c.csv:4: start: row 2 has the same start 2026-04-01 09:00, q A"
    )
