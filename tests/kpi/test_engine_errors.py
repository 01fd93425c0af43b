"""A KPI over a source with rows that failed validation is "no data" with the issue code;
`reportal kpi` exits 1 and a build refuses (the data check is an error)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.cli.main import cli
from reportal.issues import has_errors
from reportal.kpi.charts import trend_chart
from reportal.kpi.checks import check_all
from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import kpi_table
from reportal.model.period import parse_period

# A day-first export declared month-first: 13/04 is no month, so most rows fail; the rows that
# do parse (01/04 read as 4 January) would give a negative time to resolve.
DAY_FIRST = """\
id,opened,resolved,prio
A,01/04/2026 10:00,02/04/2026 10:00,P1
B,13/04/2026 10:00,14/04/2026 10:00,P2
C,03/04/2026 10:00,13/04/2026 10:00,P3
"""
SOURCES = FILES["data/sources.yml"].replace(
    """    path: exports/dingsheng/t.csv
    encoding: utf-8
    date_format: "%Y-%m-%d %H:%M"
    columns: {id: id, opened: opened, first_response: first_response, resolved: resolved,
              closed: closed, priority: priority, reopen: reopen_count,
              reassign: reassignment_count, fcr: first_contact, pending: pending_minutes}""",
    """    path: exports/dingsheng/t.csv
    date_format: "%m/%d/%Y %H:%M"
    columns: {id: id, opened: opened, resolved: resolved, prio: priority}""",
)
APRIL = parse_period("2026-04")


def portal(root: Path, repo_root: Path) -> Path:
    assert FILES["data/sources.yml"] != SOURCES
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    files = {**FILES, "data/sources.yml": SOURCES, "data/exports/dingsheng/t.csv": DAY_FIRST}
    return write(root, {**registry, **files})


def test_kpis_of_a_source_with_errors_are_no_data_with_the_code(
    tmp_path: Path, repo_root: Path
) -> None:
    engine = KpiEngine(portal(tmp_path, repo_root))
    assert {i.code for i in engine.data_issues()} == {"D110"}
    mean = engine.result("dingsheng", APRIL, "resolution.mean_hours")
    assert (mean.value.value, mean.value.issue, mean.state) == (None, "D110", "no_data")
    assert engine.result("dingsheng", APRIL, "tickets.opened").value.value is None
    # the other sources have no errors: their KPIs stand
    assert engine.result("dingsheng", APRIL, "calls.offered").value.value == 40


def test_kpi_command_exits_1_and_shows_the_code(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    args = ["kpi", "--customer", "dingsheng", "--period", "2026-04", "--root", str(root)]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 1
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert rows["resolution.mean_hours"]["value"] is None
    assert rows["resolution.mean_hours"]["issue"] == "D110"
    assert rows["calls.offered"]["issue"] is None
    table = CliRunner().invoke(cli, args)
    line = next(x for x in table.stdout.splitlines() if x.startswith("resolution.mean_hours"))
    assert line.split()[1:3] == ["无数据", "[D110]"]
    assert "data error(s)" in table.stderr


def test_kpi_tables_show_the_code(tmp_path: Path, repo_root: Path) -> None:
    engine = KpiEngine(portal(tmp_path, repo_root))
    rows = {r.key: r.cells for r in kpi_table(engine, "dingsheng", APRIL, "resolution").rows}
    assert rows["resolution.mean_hours"][1] == "无数据 [D110]"
    chart = trend_chart(engine, "dingsheng", APRIL, "resolution.mean_hours", 3)
    assert chart.table.rows[-1].cells[1] == "无数据 [D110]"


def test_the_build_check_refuses_a_source_with_errors(tmp_path: Path, repo_root: Path) -> None:
    portal_ = check_all(portal(tmp_path, repo_root))
    assert has_errors([i for i in portal_.issues if i.code == "D110"])
