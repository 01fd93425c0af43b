"""The demo portal's issued reports are frozen (issue 10): every issued report has an intact
snapshot of its own content, and the superseded March report shows what it was issued with."""

from __future__ import annotations

import csv
from pathlib import Path

from reportal.kpi.checks import check_all, report_content
from reportal.model.report import Status

MARCH = "SR-HUAXIN-2026-03-01"
CORE = "核心账务系统"


def test_every_issued_demo_report_is_frozen(repo_root: Path) -> None:
    portal = check_all(repo_root)
    assert [i for i in portal.issues if i.code.startswith("S")] == []
    issued = [r for r in portal.reports if r.status in (Status.APPROVED, Status.SUPERSEDED)]
    assert len(issued) >= 20
    assert [r.number for r in issued if portal.snapshot(r) is None] == []


def test_the_superseded_march_report_shows_the_figures_it_was_issued_with(
    repo_root: Path,
) -> None:
    with (repo_root / "data/exports/huaxin/availability.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    backfilled = [r for r in rows if r[0] == "2026-03-09" and r[1] == CORE]
    assert [r[2] for r in backfilled] == ["52"]  # today's export: the back-filled outage
    portal = check_all(repo_root)
    content = report_content(portal)
    march = portal.report(MARCH)
    assert march is not None and march.status is Status.SUPERSEDED
    assert "未出现中断" in march.body  # what the issued text says
    frozen = content.block(march, "availability_table", (), {}, "zh")
    core = next(row for row in frozen["rows"] if row["cells"][0] == CORE)
    assert core["cells"][1:4] == ["100.00%", "≥ 99.90%", "0 分钟"] and core["state"] == "met"
    live = content.live(march, "zh").output('["availability_table",[],{}]', "zh")
    assert live is not None
    live_core = next(row for row in live["rows"] if row["cells"][0] == CORE)
    assert live_core["cells"][3] == "52 分钟"  # recomputed today, it would contradict its text
