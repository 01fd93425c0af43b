"""Tiny hand-made exports for the KPI tests. Every expected number in the tests is worked out
by hand from these rows (see the comments next to each assertion)."""

from __future__ import annotations

from pathlib import Path

TICKETS_CSV = """\
id,opened,first_response,resolved,closed,priority,reopen,reassign,fcr,pending
T1,2026-04-01 10:00,2026-04-01 10:10,2026-04-01 11:00,2026-04-02 10:00,P1,0,0,是,0
T2,2026-04-02 09:00,2026-04-02 09:40,2026-04-02 19:00,2026-04-03 09:00,P2,1,2,否,300
T3,2026-04-10 08:00,2026-04-10 08:30,2026-04-12 08:00,,P3,0,0,否,
T4,2026-03-30 12:00,2026-03-30 12:05,2026-04-05 12:00,2026-04-06 12:00,P4,0,1,,0
T5,2026-04-28 16:00,2026-04-28 17:00,,,P3,0,0,,0
T6,2026-02-15 09:00,2026-02-15 10:00,,,P4,0,0,,0
T7,2026-04-20 10:00,,,,P2,0,0,,0
"""

CALLS_CSV = """\
start,offered,answered,within,abandoned,handle,wait
2026-04-01 09:00,10,9,8,1,1800,90
2026-04-01 09:30,20,18,12,2,3600,270
2026-04-02 02:00,0,0,0,0,0,0
2026-04-02 17:00,10,5,4,5,900,150
2026-05-01 09:00,100,100,100,0,9000,100
"""

SURVEYS_CSV = """\
date,channel,score,comment
2026-03-31,现场回访,5,
2026-04-03,现场回访,5,很好
2026-04-10,电话回访,4,
2026-04-11,电话回访,2,等待太久
2026-04-30,电话回访,3,
2026-05-01,现场回访,1,
"""

AVAILABILITY_CSV = """\
date,system,down,p95
2026-04-01,A,0,300
2026-04-01,B,144,500
2026-04-02,A,0,350
2026-04-02,B,0,?
2026-05-01,A,1000,900
"""

ACTIONS_CSV = """\
id,raised_in,raised_on,title,owner,due,status,closed_on
A1,SR-DINGSHENG-2026-03-01,2026-03-05,one,li.na,2026-04-10,closed,2026-04-08
A2,SR-DINGSHENG-2026-03-01,2026-03-05,two,li.na,2026-04-20,in_progress,
A3,SR-DINGSHENG-2026-04-01,2026-04-05,three,li.na,2026-05-15,open,
A4,SR-DINGSHENG-2026-05-01,2026-05-05,four,li.na,2026-06-15,open,
A5,SR-DINGSHENG-2026-01-01,2026-02-05,five,li.na,2026-03-01,closed,2026-05-03
A6,SR-DINGSHENG-2025-12-01,2026-01-05,six,li.na,2026-02-01,closed,
"""

SOURCES_YML = """\
dingsheng:
  tickets:
    path: exports/dingsheng/t.csv
    encoding: utf-8
    date_format: "%Y-%m-%d %H:%M"
    columns: {id: id, opened: opened, first_response: first_response, resolved: resolved,
              closed: closed, priority: priority, reopen: reopen_count,
              reassign: reassignment_count, fcr: first_contact, pending: pending_minutes}
  calls:
    path: exports/dingsheng/calls.csv
    date_format: "%Y-%m-%d %H:%M"
    columns: {start: interval_start, offered: offered, answered: answered,
              within: answered_within, abandoned: abandoned, handle: handle_seconds,
              wait: wait_seconds}
  surveys:
    path: exports/dingsheng/surveys.csv
    date_format: "%Y-%m-%d"
    columns: {date: date, channel: channel, score: score, comment: comment}
  availability:
    path: exports/dingsheng/availability.csv
    date_format: "%Y-%m-%d"
    na_values: ["?"]
    coverage: daily
    columns: {date: date, system: system, down: downtime_minutes, p95: p95_ms}
  actions:
    path: exports/dingsheng/actions.csv
    date_format: "%Y-%m-%d"
    columns: {id: id, raised_in: raised_in, raised_on: raised_on, title: title, owner: owner,
              due: due, status: status, closed_on: closed_on}
"""

REGISTRY_FILES = (
    "reportal.yml",
    "data/customers.yml",
    "data/people.yml",
    "data/plan.yml",
    "data/calendars.yml",
)

FILES = {
    "data/sources.yml": SOURCES_YML,
    "data/exports/dingsheng/t.csv": TICKETS_CSV,
    "data/exports/dingsheng/calls.csv": CALLS_CSV,
    "data/exports/dingsheng/surveys.csv": SURVEYS_CSV,
    "data/exports/dingsheng/availability.csv": AVAILABILITY_CSV,
    "data/exports/dingsheng/actions.csv": ACTIONS_CSV,
}


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root
