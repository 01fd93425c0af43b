"""Gaps found by the audit of `reportal check`: extra fields on the first CSV row, Excel serial
numbers in date columns, XLSX/Parquet missing-value markers, empty required cells, and UTF-8
files declared in a legacy encoding. Each case gives its exact `file:row: column` Issue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import render_text, sort_issues
from reportal.kpi.engine import KpiEngine

TICKETS = (
    "dingsheng:\n  tickets:\n    path: exports/dingsheng/t.csv\n"
    '    date_format: "%Y-%m-%d %H:%M"\n{extra}'
    "    columns: {{id: id, opened: opened, resolved: resolved, prio: priority}}\n"
)
EVENTS = """\
huaxin:
  tickets:
    path: exports/huaxin/events.csv
    date_format: "%d/%m/%Y %H:%M"
    na_values: ["?"]
    collapse: {key: id, order_by: [update_counter]}
    columns: {number: id, sys_mod_count: update_counter, opened_at: opened, priority: priority}
"""
SURVEYS_XLSX = (
    "dingsheng:\n  surveys:\n    path: exports/dingsheng/s.xlsx\n"
    '    date_format: "%Y-%m-%d"\n{extra}'
    "    columns: {{日期: date, 渠道: channel, 评分: score, 意见: comment}}\n"
)


def portal(tmp_path: Path, repo_root: Path, files: dict[str, str | bytes]) -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    return write(tmp_path, {**registry, **files})


def issues_of(root: Path) -> list[str]:
    return [render_text(i) for i in sort_issues(KpiEngine(root).data_issues())]


def frame_of(root: Path, customer: str, table: str) -> pd.DataFrame:
    loaded = KpiEngine(root).table(customer, table)
    assert loaded is not None
    return loaded.frame


def xlsx(path: Path, rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)


# ---- 1. extra fields on the first data row / a trailing delimiter on every row --------------
EXTRA = (
    "data/exports/dingsheng/t.csv:2: row has 5 fields, the header has 4 (1 extra) [D105]\n"
    "  hint: a delimiter inside a value must be quoted"
)
TRAILING = (
    "data/exports/dingsheng/t.csv:{row}: row has 5 fields, the header has 4 (1 extra) [D105]\n"
    "  hint: the row ends with a delimiter: remove it, or give the extra column a header"
)


def test_extra_field_on_the_first_row_is_reported_not_shifted(
    tmp_path: Path, repo_root: Path
) -> None:
    text = "id,opened,resolved,prio\nA,2026-04-01 10:00,,P1,oops\nB,2026-04-01 11:00,,P2\n"
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": TICKETS.format(extra=""), "data/exports/dingsheng/t.csv": text},
    )
    assert issues_of(root) == [EXTRA]
    frame = frame_of(root, "dingsheng", "tickets")
    assert list(frame["id"]) == ["B"] and list(frame["priority"]) == ["P2"]


def test_trailing_delimiter_on_every_row_is_reported_per_row(
    tmp_path: Path, repo_root: Path
) -> None:
    rows = "".join(f"T{i},2026-04-01 10:00,,P1,\n" for i in range(25))
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": TICKETS.format(extra=""),
            "data/exports/dingsheng/t.csv": "id,opened,resolved,prio\n" + rows,
        },
    )
    issues = issues_of(root)
    assert issues[:2] == [TRAILING.format(row=2), TRAILING.format(row=3)]
    assert len(issues) == 21  # 20 rows, then one summary
    assert issues[-1] == (
        "data/exports/dingsheng/t.csv:22: ... and 5 more rows with the same problem [D105]"
    )


def test_extra_field_on_the_first_event_row_is_no_traceback(
    tmp_path: Path, repo_root: Path
) -> None:
    text = (
        "number,sys_mod_count,opened_at,priority\nINC1,0,1/4/2026 09:00,P3,extra\n"
        "INC1,1,1/4/2026 09:00,P2\nINC2,0,2/4/2026 09:00,P3\n"
    )
    root = portal(
        tmp_path, repo_root, {"data/sources.yml": EVENTS, "data/exports/huaxin/events.csv": text}
    )
    assert issues_of(root) == [
        "data/exports/huaxin/events.csv:2: row has 5 fields, the header has 4 (1 extra) [D105]\n"
        "  hint: a delimiter inside a value must be quoted"
    ]
    frame = frame_of(root, "huaxin", "tickets")
    assert dict(zip(frame["id"], frame["priority"], strict=True)) == {"INC1": "P2", "INC2": "P3"}


# ---- 2. an Excel serial number in a date column ----------------------------------------------
def test_excel_serial_number_in_a_date_column_is_a_bad_cell(
    tmp_path: Path, repo_root: Path
) -> None:
    root = portal(tmp_path, repo_root, {"data/sources.yml": SURVEYS_XLSX.format(extra="")})
    xlsx(
        root / "data/exports/dingsheng/s.xlsx",
        [
            ["日期", "渠道", "评分", "意见"],
            [dt.datetime(2026, 4, 1), "电话回访", 5, None],
            [46300, "电话回访", 4, None],
            ["2026-04-03", "现场回访", 3, None],
        ],
    )
    assert issues_of(root) == [
        'data/exports/dingsheng/s.xlsx:3: 日期: "46300" is not a date in the format %Y-%m-%d [D110]'
    ]
    dates = frame_of(root, "dingsheng", "surveys")["date"]
    assert list(dates.dropna()) == [pd.Timestamp("2026-04-01"), pd.Timestamp("2026-04-03")]


def test_number_column_in_a_parquet_date_column_is_a_bad_cell(
    tmp_path: Path, repo_root: Path
) -> None:
    source = (
        "dingsheng:\n  availability:\n    path: exports/dingsheng/a.parquet\n"
        '    date_format: "%Y-%m-%d"\n'
        "    columns: {date: date, system: system, down: downtime_minutes}\n"
    )
    root = portal(tmp_path, repo_root, {"data/sources.yml": source})
    (root / "data/exports/dingsheng").mkdir(parents=True)
    pd.DataFrame({"date": [46300], "system": ["A"], "down": [0.0]}).to_parquet(
        root / "data/exports/dingsheng/a.parquet"
    )
    assert issues_of(root) == [
        'data/exports/dingsheng/a.parquet:2: date: "46300" is not a date in the format '
        "%Y-%m-%d [D110]"
    ]


# ---- 3. only declared missing-value markers count as missing in XLSX and Parquet -------------
def test_xlsx_keeps_na_and_null_as_values(tmp_path: Path, repo_root: Path) -> None:
    extra = '    na_values: ["?"]\n'
    root = portal(tmp_path, repo_root, {"data/sources.yml": SURVEYS_XLSX.format(extra=extra)})
    xlsx(
        root / "data/exports/dingsheng/s.xlsx",
        [
            ["日期", "渠道", "评分", "意见"],
            ["2026-04-01", "NA", 5, "N/A"],
            ["2026-04-02", "null", 4, "?"],
            [None, None, None, None],
            ["2026-04-03", "NaN", 3, ""],
        ],
    )
    assert issues_of(root) == []
    frame = frame_of(root, "dingsheng", "surveys")
    assert list(frame["_row"]) == [2, 3, 5]  # the blank row 4 is skipped, numbers kept
    assert list(frame["channel"]) == ["NA", "null", "NaN"]
    assert frame.loc[0, "comment"] == "N/A"
    assert pd.isna(frame.loc[1, "comment"]) and pd.isna(frame.loc[2, "comment"])


def test_parquet_applies_the_declared_markers(tmp_path: Path, repo_root: Path) -> None:
    source = (
        "dingsheng:\n  surveys:\n    path: exports/dingsheng/s.parquet\n"
        '    date_format: "%Y-%m-%d"\n    na_values: ["-"]\n'
        "    columns: {d: date, c: channel, s: score, t: comment}\n"
    )
    root = portal(tmp_path, repo_root, {"data/sources.yml": source})
    (root / "data/exports/dingsheng").mkdir(parents=True)
    pd.DataFrame(
        {"d": ["2026-04-01", "2026-04-02"], "c": ["NA", "电话"], "s": [5, 4], "t": ["-", "NA"]}
    ).to_parquet(root / "data/exports/dingsheng/s.parquet")
    assert issues_of(root) == []
    frame = frame_of(root, "dingsheng", "surveys")
    assert list(frame["channel"]) == ["NA", "电话"]
    assert pd.isna(frame.loc[0, "comment"]) and frame.loc[1, "comment"] == "NA"


# ---- 4. an empty required cell is an error, not a silently dropped row -----------------------
MISSING = "{file}:{row}: {column}: required value is missing [D114]\n  hint: {hint}"
HINT = "fill in the cell; a row without it cannot be counted"


@pytest.mark.parametrize(
    ("row", "column"),
    [("B,,,P1", "opened"), ("B,2026-04-01 11:00,,", "prio"), ("  ,2026-04-01 11:00,,P2", "id")],
)
def test_empty_required_ticket_cell(tmp_path: Path, repo_root: Path, row: str, column: str) -> None:
    text = f"id,opened,resolved,prio\nA,2026-04-01 10:00,,P1\n{row}\n"
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": TICKETS.format(extra=""), "data/exports/dingsheng/t.csv": text},
    )
    expected = MISSING.format(file="data/exports/dingsheng/t.csv", row=3, column=column, hint=HINT)
    assert issues_of(root) == [expected]


def test_missing_marker_in_a_required_event_cell(tmp_path: Path, repo_root: Path) -> None:
    text = "number,sys_mod_count,opened_at,priority\nINC1,0,?,P3\nINC1,1,1/4/2026 09:00,P3\n"
    root = portal(
        tmp_path, repo_root, {"data/sources.yml": EVENTS, "data/exports/huaxin/events.csv": text}
    )
    assert issues_of(root) == [
        MISSING.format(file="data/exports/huaxin/events.csv", row=2, column="opened_at", hint=HINT)
    ]


def test_empty_score_and_channel_in_a_survey(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root, {"data/sources.yml": SURVEYS_XLSX.format(extra="")})
    xlsx(
        root / "data/exports/dingsheng/s.xlsx",
        [
            ["日期", "渠道", "评分", "意见"],
            ["2026-04-01", "电话回访", None, "ok"],
            ["2026-04-02", "", 4, None],
        ],
    )
    file = "data/exports/dingsheng/s.xlsx"
    assert issues_of(root) == [
        MISSING.format(file=file, row=2, column="评分", hint=HINT),
        MISSING.format(file=file, row=3, column="渠道", hint=HINT),
    ]


def test_a_bad_cell_is_not_also_reported_as_missing(tmp_path: Path, repo_root: Path) -> None:
    text = "id,opened,resolved,prio\nA,yesterday,,P9\n"
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": TICKETS.format(extra=""), "data/exports/dingsheng/t.csv": text},
    )
    assert [i.split(" [")[1][:4] for i in issues_of(root)] == ["D110", "D111"]


# ---- 5. a UTF-8 file declared in a legacy encoding is never read as mojibake -----------------
def test_utf8_file_declared_gb18030_is_an_error(tmp_path: Path, repo_root: Path) -> None:
    text = "id,opened,resolved,prio,cat\nA,2026-04-01 10:00,,P1,容量评估\n"
    source = TICKETS.format(extra="    encoding: gb18030\n").replace(
        "prio: priority}", "prio: priority, cat: category}"
    )
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": source, "data/exports/dingsheng/t.csv": text.encode("utf-8")},
    )
    assert issues_of(root) == [
        "data/exports/dingsheng/t.csv:2: encoding: the file is declared gb18030 but is UTF-8: "
        '"容量评估" '
        'would read as "瀹归噺璇勪及" [D103]\n'
        "  hint: declare `encoding: utf-8` (or `auto`) for this source in data/sources.yml"
    ]
    assert frame_of(root, "dingsheng", "tickets").empty


def test_ascii_file_declared_gb18030_is_fine(tmp_path: Path, repo_root: Path) -> None:
    text = "id,opened,resolved,prio\nA,2026-04-01 10:00,,P1\n"
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": TICKETS.format(extra="    encoding: gb18030\n"),
            "data/exports/dingsheng/t.csv": text.encode("gb18030"),
        },
    )
    assert issues_of(root) == []


def test_utf8_file_that_is_not_gb18030_either_says_it_is_utf8(
    tmp_path: Path, repo_root: Path
) -> None:
    text = "工单号,创建时间,解决时间,优先级\nDS1,2026-04-01 10:00,,P1\n"
    source = TICKETS.format(extra="    encoding: gb18030\n").replace(
        "{id: id, opened: opened, resolved: resolved, prio: priority}",
        "{工单号: id, 创建时间: opened, 解决时间: resolved, 优先级: priority}",
    )
    data = text.encode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    root = portal(
        tmp_path, repo_root, {"data/sources.yml": source, "data/exports/dingsheng/t.csv": data}
    )
    [issue] = KpiEngine(root).data_issues()
    assert (issue.line, issue.field, issue.code) == (1, "encoding", "D103")
    assert issue.message.startswith('the file is declared gb18030 but is UTF-8: "工单号"')
