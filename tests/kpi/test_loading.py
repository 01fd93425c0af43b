"""Loading real export shapes: day-first dates, GB18030 headers, `?` vs `NA`, event logs,
XLSX and Parquet; and the bad-data suite, each case with its exact `file:row: column` Issue."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import Issue, render_text, sort_issues
from reportal.kpi.engine import KpiEngine
from reportal.kpi.loading.events import collapse_events
from reportal.model.period import parse_period


def portal(tmp_path: Path, repo_root: Path, files: dict[str, str | bytes]) -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    return write(tmp_path, {**registry, **files})


def tickets_source(
    extra: str = "",
    path: str = "exports/dingsheng/t.csv",
    fmt: str = "%Y-%m-%d %H:%M",
    columns: str = "{id: id, opened: opened, resolved: resolved, prio: priority}",
    customer: str = "dingsheng",
) -> str:
    return (
        f'{customer}:\n  tickets:\n    path: {path}\n    date_format: "{fmt}"\n'
        f"    columns: {columns}\n{extra}"
    )


def load(root: Path, customer: str = "dingsheng", table: str = "tickets") -> pd.DataFrame:
    loaded = KpiEngine(root).table(customer, table)
    assert loaded is not None
    return loaded.frame


def issues_of(root: Path) -> list[str]:
    return [render_text(i) for i in KpiEngine(root).data_issues()]


# ---- shapes --------------------------------------------------------------------------------
def test_day_first_dates_follow_the_declared_format(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(fmt="%d/%m/%Y %H:%M"),
            "data/exports/dingsheng/t.csv": (
                "id,opened,resolved,prio\nA,3/4/2026 9:05,13/4/2026 10:00,P1\n"
            ),
        },
    )
    frame = load(root)
    assert frame.loc[0, "opened"] == pd.Timestamp("2026-04-03 09:05")  # 3 April, not 4 March
    assert frame.loc[0, "resolved"] == pd.Timestamp("2026-04-13 10:00")


def test_month_first_value_in_a_day_first_file_is_an_error(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(fmt="%d/%m/%Y %H:%M"),
            "data/exports/dingsheng/t.csv": "id,opened,resolved,prio\nA,4/13/2026 9:05,,P1\n",
        },
    )
    assert issues_of(root) == [
        'data/exports/dingsheng/t.csv:2: opened: "4/13/2026 9:05" is not a date in the format '
        "%d/%m/%Y %H:%M [D110]"
    ]


def test_gb18030_file_with_chinese_headers(tmp_path: Path, repo_root: Path) -> None:
    text = "工单号,创建时间,解决时间,优先级\nDS1,2026-04-01 10:00,2026-04-01 12:00,紧急\n"
    source = tickets_source(
        extra="    encoding: gb18030\n    values: {priority: {紧急: P1}}\n",
        columns="{工单号: id, 创建时间: opened, 解决时间: resolved, 优先级: priority}",
    )
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": source, "data/exports/dingsheng/t.csv": text.encode("gb18030")},
    )
    frame = load(root)
    assert list(frame["id"]) == ["DS1"] and list(frame["priority"]) == ["P1"]
    assert issues_of(root) == []


def test_auto_encoding_reads_gb18030_and_utf8_bom(tmp_path: Path, repo_root: Path) -> None:
    header = "工单号,创建时间,解决时间,优先级\n"
    source = tickets_source(
        path="exports/dingsheng/*.csv",
        extra="    encoding: auto\n",
        columns="{工单号: id, 创建时间: opened, 解决时间: resolved, 优先级: priority}",
    )
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": source,
            "data/exports/dingsheng/a.csv": (header + "甲1,2026-04-01 10:00,,P1\n").encode(
                "gb18030"
            ),
            "data/exports/dingsheng/b.csv": (header + "乙2,2026-04-02 10:00,,P2\n").encode(
                "utf-8-sig"
            ),
        },
    )
    assert sorted(load(root)["id"]) == ["乙2", "甲1"]


def test_undecodable_bytes_are_an_issue_not_mojibake(tmp_path: Path, repo_root: Path) -> None:
    body = b"id,opened,resolved,prio\nA,2026-04-01 10:00,,P1\n" + b"B\xff\xfe,x,,P1\n"
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(extra="    encoding: utf-8\n"),
            "data/exports/dingsheng/t.csv": body,
        },
    )
    [issue] = KpiEngine(root).data_issues()
    assert (issue.file, issue.line, issue.code) == ("data/exports/dingsheng/t.csv", 3, "D103")
    assert "not valid utf-8" in issue.message.lower()


def test_question_mark_is_missing_but_na_is_a_value(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(
                extra='    na_values: ["?"]\n',
                columns="{id: id, opened: opened, resolved: resolved, prio: priority, "
                "cat: category}",
            ),
            "data/exports/dingsheng/t.csv": "id,opened,resolved,prio,cat\n"
            "A,2026-04-01 10:00,?,P1,NA\nB,2026-04-01 11:00,?,P2,?\n",
        },
    )
    frame = load(root)
    assert frame["resolved"].isna().all()
    assert frame.loc[0, "category"] == "NA"
    assert pd.isna(frame.loc[1, "category"])
    assert issues_of(root) == []


def test_xlsx_and_parquet_sources(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": (
                "dingsheng:\n"
                '  surveys:\n    path: exports/dingsheng/s.xlsx\n    date_format: "%Y-%m-%d"\n'
                "    columns: {日期: date, 渠道: channel, 评分: score}\n"
                "  availability:\n    path: exports/dingsheng/a.parquet\n"
                '    date_format: "%Y-%m-%d"\n'
                "    columns: {date: date, system: system, down: downtime_minutes}\n"
            )
        },
    )
    (root / "data/exports/dingsheng").mkdir(parents=True)
    pd.DataFrame(
        {"日期": ["2026-04-01", "2026-04-02"], "渠道": ["现场回访", "电话回访"], "评分": [5, 3]}
    ).to_excel(root / "data/exports/dingsheng/s.xlsx", index=False)
    pd.DataFrame(
        {"date": pd.to_datetime(["2026-04-01"]), "system": ["A"], "down": [14.4]}
    ).to_parquet(root / "data/exports/dingsheng/a.parquet")
    engine = KpiEngine(root)
    april = parse_period("2026-04")
    assert engine.result("dingsheng", april, "csat.mean").value.value == 4.0
    assert engine.result("dingsheng", april, "availability.attainment").value.value == 99.0


def test_an_xlsx_export_loads_as_the_same_rows_in_csv(tmp_path: Path, repo_root: Path) -> None:
    """Excel cells typed as dates, numbers (whole and not), booleans and blanks give the rows the
    same export as CSV text gives (xlsx is read with calamine, CSV with pandas' own parser)."""
    columns = (
        "{id: id, opened: opened, resolved: resolved, prio: priority, reopens: reopen_count,"
        " pending: pending_minutes, made: sla_met}"
    )
    csv = (
        "id,opened,resolved,prio,reopens,pending,made\n"
        "1001,2026-04-01 09:05,2026-04-02 10:00,P1,0,1.5,true\n"
        "A-2,2026-04-03 00:00,,P2,2,,false\n"
        "客户3,2026-04-30 23:59,2026-05-01 08:00,P3,,30,\n"
    )
    root = portal(
        tmp_path / "csv",
        repo_root,
        {
            "data/sources.yml": tickets_source(columns=columns),
            "data/exports/dingsheng/t.csv": csv,
        },
    )
    xlsx_root = portal(
        tmp_path / "xlsx",
        repo_root,
        {"data/sources.yml": tickets_source(path="exports/dingsheng/t.xlsx", columns=columns)},
    )
    (xlsx_root / "data/exports/dingsheng").mkdir(parents=True)
    stamp = pd.Timestamp
    pd.DataFrame(
        {
            "id": [1001, "A-2", "客户3"],
            "opened": [stamp("2026-04-01 09:05"), stamp("2026-04-03"), "2026-04-30 23:59"],
            "resolved": [stamp("2026-04-02 10:00"), None, "2026-05-01 08:00"],
            "prio": ["P1", "P2", "P3"],
            "reopens": [0, 2, None],
            "pending": [1.5, None, 30],
            "made": [True, False, None],
        }
    ).to_excel(xlsx_root / "data/exports/dingsheng/t.xlsx", index=False)
    pd.testing.assert_frame_equal(load(xlsx_root), load(root))
    assert issues_of(xlsx_root) == issues_of(root) == []


# ---- event logs ------------------------------------------------------------------------------
EVENT_SOURCE = """\
huaxin:
  tickets:
    path: exports/huaxin/events.csv
    date_format: "%d/%m/%Y %H:%M"
    na_values: ["?"]
    collapse: {key: id, order_by: [update_counter, updated_at]}
    columns: {number: id, sys_mod_count: update_counter, sys_updated_on: updated_at,
              opened_at: opened, resolved_at: resolved, priority: priority, made_sla: sla_met}
"""
EVENTS = """\
number,sys_mod_count,sys_updated_on,opened_at,resolved_at,priority,made_sla
INC1,0,1/4/2026 09:00,1/4/2026 09:00,?,P3,true
INC1,1,1/4/2026 10:00,1/4/2026 09:00,?,P3,true
INC2,0,2/4/2026 09:00,2/4/2026 09:00,?,P3,true
INC1,10,6/4/2026 12:00,1/4/2026 09:00,6/4/2026 12:00,P3,false
INC1,9,3/4/2026 12:00,1/4/2026 09:00,3/4/2026 12:00,P3,true
INC2,1,2/4/2026 15:00,2/4/2026 09:00,2/4/2026 15:00,P3,true
"""


def test_event_log_keeps_the_latest_event_per_ticket(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": EVENT_SOURCE, "data/exports/huaxin/events.csv": EVENTS},
    )
    engine = KpiEngine(root)
    april = parse_period("2026-04")
    frame = engine.table("huaxin", "tickets").frame  # type: ignore[union-attr]
    # counter 10 beats 9 numerically ("10" < "9" as text); first events are not used
    latest = frame.set_index("id")
    assert latest.loc["INC1", "resolved"] == pd.Timestamp("2026-04-06 12:00")
    assert not latest.loc["INC1", "sla_met"]
    # 2 tickets, not 6 rows; the flag of the latest event: INC1 false, INC2 true -> 50 %
    assert engine.result("huaxin", april, "tickets.opened").value.value == 2
    assert engine.result("huaxin", april, "sla.resolution").value.value == 50.0


def test_collapse_orders_by_counter_then_timestamp_then_row() -> None:
    frame = pd.DataFrame(
        {
            "_row": [2, 3, 4, 5, 6],
            "id": ["A", "A", "A", "B", "B"],
            "update_counter": [3.0, 3.0, 2.0, 1.0, 1.0],
            "updated_at": pd.to_datetime(
                ["2026-04-02", "2026-04-01", "2026-04-05", "2026-04-01", "2026-04-01"]
            ),
            "state": ["newer time", "older time", "lower counter", "first tie", "last tie"],
        }
    )
    latest = collapse_events(frame, "id", ("update_counter", "updated_at"))
    assert dict(zip(latest["id"], latest["state"], strict=True)) == {
        "A": "newer time",  # same counter: the later timestamp wins
        "B": "last tie",  # full tie: the later row in the file wins
    }


# ---- bad data suite: each case gives its exact file:row: column Issue --------------------
BAD_CASES = {
    "wrong type": (
        "id,opened,resolved,prio\nA,2026-04-01 10:00,,P1\nB,yesterday,,P1\n",
        [
            'data/exports/dingsheng/t.csv:3: opened: "yesterday" is not a date in the format '
            "%Y-%m-%d %H:%M [D110]"
        ],
        [(3, 2)],
    ),
    "end before start": (
        "id,opened,resolved,prio\nA,2026-04-02 10:00,2026-04-01 09:00,P1\n",
        [
            "data/exports/dingsheng/t.csv:2: resolved: resolved is before opened "
            "(2026-04-01 09:00 vs 2026-04-02 10:00) [D112]"
        ],
        [(2, 3)],
    ),
    "unknown priority": (
        "id,opened,resolved,prio\nA,2026-04-01 10:00,,P9\n",
        [
            'data/exports/dingsheng/t.csv:2: prio: "P9" is not one of P1, P2, P3, P4 [D111]\n'
            "  hint: map export values in data/sources.yml `values:`"
        ],
        [(2, 4)],
    ),
    "extra fields": (
        "id,opened,resolved,prio\nA,2026-04-01 10:00,,P1\nB,2026-04-01 10:00,,P1,oops\n"
        "C,2026-04-01 11:00,,P1\n",
        [
            "data/exports/dingsheng/t.csv:3: row has 5 fields, the header has 4 (1 extra) [D105]\n"
            "  hint: a delimiter inside a value must be quoted"
        ],
        [(3, 5)],
    ),
    "missing column": (
        "id,opened,prio\nA,2026-04-01 10:00,P1\n",
        [
            'data/exports/dingsheng/t.csv:1: resolved: column "resolved" '
            "(mapped, becomes resolved) is "
            "missing from the header [D104]\n  hint: columns found: id, opened, prio"
        ],
        [(1, None)],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_ticket_cells(tmp_path: Path, repo_root: Path, case: str) -> None:
    text, expected, positions = BAD_CASES[case]
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": tickets_source(), "data/exports/dingsheng/t.csv": text},
    )
    issues = KpiEngine(root).data_issues()
    assert [render_text(i) for i in issues] == expected
    assert [(i.line, i.column) for i in issues] == positions


CALL_SOURCE = """\
dingsheng:
  calls:
    path: exports/dingsheng/calls.csv
    date_format: "%Y-%m-%d %H:%M"
    columns: {start: interval_start, offered: offered, answered: answered, abandoned: abandoned}
"""


def test_answered_greater_than_offered_and_negative_counts(tmp_path: Path, repo_root: Path) -> None:
    text = (
        "start,offered,answered,abandoned\n2026-04-01 09:00,10,12,0\n"
        "2026-04-01 09:30,5,5,-1\n2026-04-01 10:00,5,4.5,0\n"
    )
    root = portal(
        tmp_path,
        repo_root,
        {"data/sources.yml": CALL_SOURCE, "data/exports/dingsheng/calls.csv": text},
    )
    issues = sort_issues(KpiEngine(root).data_issues())
    assert [render_text(i) for i in issues] == [
        "data/exports/dingsheng/calls.csv:2: answered: answered is greater than offered "
        "(12 vs 10) [D113]",
        "data/exports/dingsheng/calls.csv:3: abandoned: -1 is out of range (expected >= 0) [D111]",
        'data/exports/dingsheng/calls.csv:4: answered: "4.5" is not a whole number [D110]',
    ]
    assert [i.column for i in issues] == [3, 4, 3]


def test_all_errors_are_reported_at_once(tmp_path: Path, repo_root: Path) -> None:
    rows = "".join(f"T{i},not a date,,P1\n" for i in range(30))
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(),
            "data/exports/dingsheng/t.csv": "id,opened,resolved,prio\n" + rows,
        },
    )
    issues = KpiEngine(root).data_issues()
    assert [i.line for i in issues[:20]] == list(range(2, 22))
    assert issues[-1].message == "... and 10 more rows with the same problem in this column"
    assert all(isinstance(i, Issue) and i.field == "opened" for i in issues)


def test_timezone_is_converted_to_the_customer_calendar(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/sources.yml": tickets_source(extra="    timezone: UTC\n"),
            "data/exports/dingsheng/t.csv": "id,opened,resolved,prio\nA,2026-03-31 17:30,,P1\n",
        },
    )
    # 17:30 UTC on 31 March is 01:30 on 1 April in Asia/Shanghai (cn-mainland calendar)
    assert load(root).loc[0, "opened"] == pd.Timestamp("2026-04-01 01:30")
    engine = KpiEngine(root)
    assert engine.result("dingsheng", parse_period("2026-04"), "tickets.opened").value.value == 1
