"""A ticket is open until it is resolved or closed; closed-without-resolution is counted."""

from __future__ import annotations

from pathlib import Path

from kpi_fixtures import REGISTRY_FILES, write

from reportal.kpi.engine import KpiEngine
from reportal.model.period import parse_period

SOURCES = """\
dingsheng:
  tickets:
    path: exports/dingsheng/t.csv
    date_format: "%Y-%m-%d %H:%M"
    columns: {id: id, opened: opened, resolved: resolved, closed: closed, prio: priority}
"""
# B1 closed without resolution in March, B2 in April; B3 resolved in April; B4 never ends.
TICKETS = """\
id,opened,resolved,closed,prio
B1,2026-03-02 09:00,,2026-03-20 09:00,P3
B2,2026-03-25 09:00,,2026-04-10 09:00,P2
B3,2026-03-26 09:00,2026-04-12 09:00,2026-04-13 09:00,P3
B4,2026-03-27 09:00,,,P4
"""
APRIL = parse_period("2026-04")


def engine(tmp_path: Path, repo_root: Path) -> KpiEngine:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    write(
        tmp_path, {**registry, "data/sources.yml": SOURCES, "data/exports/dingsheng/t.csv": TICKETS}
    )
    return KpiEngine(tmp_path)


def value(engine: KpiEngine, kpi_id: str) -> float | None:
    return engine.result("dingsheng", APRIL, kpi_id).value.value


def test_a_closed_ticket_leaves_the_backlog_even_without_a_resolved_time(
    tmp_path: Path, repo_root: Path
) -> None:
    kpis = engine(tmp_path, repo_root)
    assert kpis.data_issues() == []
    # at 04-01: B2 B3 B4 (B1 closed on 03-20); at 05-01: B4 only
    assert value(kpis, "tickets.backlog_start") == 3
    assert value(kpis, "tickets.backlog_end") == 1


def test_closed_without_resolution_has_its_own_count(tmp_path: Path, repo_root: Path) -> None:
    kpis = engine(tmp_path, repo_root)
    result = kpis.result("dingsheng", APRIL, "tickets.closed_unresolved").value
    assert (result.value, result.breakdown) == (1, {"P2": 1.0})  # B2; B1 closed in March
    # B2 is in neither resolution KPI: only B3 was resolved in April
    assert kpis.result("dingsheng", APRIL, "resolution.mean_hours").value.denominator == 1
