"""Activity logs (``activities:``), pauses from the events, one column feeding two canonical
columns, ``fallback`` and ``constants``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import render_text
from reportal.kpi.engine import KpiEngine
from reportal.model.period import parse_period


def engine(tmp_path: Path, repo_root: Path, source: str, csv: str) -> KpiEngine:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    sources = "dingsheng:\n  tickets:\n    path: exports/dingsheng/t.csv\n" + source
    return KpiEngine(
        write(
            tmp_path, {**registry, "data/sources.yml": sources, "data/exports/dingsheng/t.csv": csv}
        )
    )


def tickets(kpis: KpiEngine) -> pd.DataFrame:
    table = kpis.table("dingsheng", "tickets")
    assert table is not None
    return table.frame.set_index("id")


LOG = """\
case,activity,at,prio
A,Open,2026-04-01 09:00,P2
A,Wait,2026-04-01 10:00,P2
A,Wait,2026-04-01 10:00,P2
A,Work,2026-04-01 12:00,P2
A,Solve,2026-04-01 13:00,P2
A,Solve,2026-04-01 15:00,P2
A,Close,2026-04-02 09:00,P2
B,Open,2026-04-03 09:00,
B,Wait,2026-04-03 10:00,
"""
ACTIVITIES = """\
    columns: {case: id, activity: activity, at: updated_at, prio: priority}
    activities: {resolved: [Solve], resolved_at: %s}
    pause_states: [Wait]
"""


def test_activity_log_derives_opened_resolved_closed_and_pauses(
    tmp_path: Path, repo_root: Path
) -> None:
    csv = LOG.replace("2026-04-03 09:00,", "2026-04-03 09:00,P3").replace(
        "2026-04-03 10:00,", "2026-04-03 10:00,P3"
    )
    kpis = engine(tmp_path, repo_root, ACTIVITIES % "first", csv)
    assert kpis.data_issues() == []
    frame = tickets(kpis)
    a = frame.loc["A"]
    assert (a["opened"], a["resolved"], a["closed"]) == (
        pd.Timestamp("2026-04-01 09:00"),
        pd.Timestamp("2026-04-01 13:00"),  # the first Solve
        pd.Timestamp("2026-04-02 09:00"),  # no `closed:` list: the last event
    )
    assert a["pending_minutes"] == 120  # Wait 10:00 -> Work 12:00, the repeated Wait once
    b = frame.loc["B"]
    assert pd.isna(b["resolved"]) and b["pending_minutes"] == 0  # still waiting: no resolution
    assert (b["priority"], len(frame)) == ("P3", 2)


def test_last_resolving_event_and_pause_cut_at_resolution(tmp_path: Path, repo_root: Path) -> None:
    csv = LOG.replace("A,Work,2026-04-01 12:00", "A,Wait,2026-04-01 12:00").replace(",\n", ",P3\n")
    kpis = engine(tmp_path, repo_root, ACTIVITIES % "first", csv)
    # Wait from 10:00 to the next event, 13:00 (the first Solve) = 180 minutes
    assert tickets(kpis).loc["A", "pending_minutes"] == 180
    kpis = engine(tmp_path, repo_root, ACTIVITIES % "last", csv)
    assert tickets(kpis).loc["A", "resolved"] == pd.Timestamp("2026-04-01 15:00")


def test_priority_is_optional(tmp_path: Path, repo_root: Path) -> None:
    source = (
        "    columns: {case: id, activity: activity, at: updated_at}\n"
        "    activities: {resolved: [Solve]}\n"
    )
    kpis = engine(tmp_path, repo_root, source, LOG)
    assert kpis.data_issues() == []
    resolved = kpis.result("dingsheng", parse_period("2026-04"), "tickets.resolved").value
    assert (resolved.value, resolved.breakdown) == (1, {})


def test_one_column_feeds_two_with_fallback_and_constants(tmp_path: Path, repo_root: Path) -> None:
    source = (
        "    columns: {id: id, opened: opened, done: [closed, updated_at]}\n"
        "    fallback: {resolved: closed}\n"
        "    constants: {priority: P4, channel: 电话}\n"
    )
    csv = "id,opened,done\nX,2026-04-01 09:00,2026-04-02 09:00\n"
    kpis = engine(tmp_path, repo_root, source, csv)
    assert kpis.data_issues() == []
    x = tickets(kpis).loc["X"]
    assert x["closed"] == x["updated_at"] == x["resolved"] == pd.Timestamp("2026-04-02 09:00")
    assert (x["priority"], x["channel"]) == ("P4", "电话")


def test_activity_log_needs_its_columns(tmp_path: Path, repo_root: Path) -> None:
    source = "    columns: {case: id, at: updated_at}\n    activities: {resolved: [Solve]}\n"
    issues = [render_text(i) for i in engine(tmp_path, repo_root, source, LOG).data_issues()]
    assert any('activities needs a source column mapped to "activity"' in i for i in issues)
    source = "    columns: {case: id, at: opened, activity: state}\n    pause_states: [Wait]\n"
    issues = [render_text(i) for i in engine(tmp_path, repo_root, source, LOG).data_issues()]
    assert any("pause_states needs an event log" in i for i in issues)


def test_fallback_needs_columns_of_one_type(tmp_path: Path, repo_root: Path) -> None:
    source = "    columns: {id: id, opened: opened}\n    fallback: {resolved: priority}\n"
    csv = "id,opened,prio\nX,2026-04-01 09:00,P1\n"
    source = source.replace("opened: opened}", "opened: opened, prio: priority}")
    issues = [render_text(i) for i in engine(tmp_path, repo_root, source, csv).data_issues()]
    assert issues == [
        'data/sources.yml:5: dingsheng.tickets.fallback: fallback: "resolved" cannot take a '
        'value of "priority" (another type) [D101]'
    ]
