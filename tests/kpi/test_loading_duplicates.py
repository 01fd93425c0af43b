"""An event log declared without ``collapse:`` is an error, not several times the volume."""

from __future__ import annotations

from pathlib import Path

from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import render_text
from reportal.kpi.engine import KpiEngine

COLUMNS = "{number: id, opened: opened, prio: priority, n: update_counter}"


def portal(tmp_path: Path, repo_root: Path, files: dict[str, str], extra: str = "") -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    sources = (
        "dingsheng:\n  tickets:\n    path: exports/dingsheng/t*.csv\n"
        f'    date_format: "%Y-%m-%d %H:%M"\n    columns: {COLUMNS}\n{extra}'
    )
    return write(tmp_path, {**registry, "data/sources.yml": sources, **files})


LOG = """\
number,opened,prio,n
INC1,2026-04-01 10:00,P2,0
INC2,2026-04-02 10:00,P3,0
INC1,2026-04-01 10:00,P2,1
INC2,2026-04-02 10:00,P3,1
INC1,2026-04-01 10:00,P2,2
"""


def test_repeated_ticket_id_without_collapse_names_the_first_repeat(
    tmp_path: Path, repo_root: Path
) -> None:
    root = portal(tmp_path, repo_root, {"data/exports/dingsheng/t.csv": LOG})
    assert [render_text(i).splitlines()[0] for i in KpiEngine(root).data_issues()] == [
        'data/exports/dingsheng/t.csv:4: number: ticket id "INC1" appears again (first on row 2) '
        "(2 more repeated rows): without `collapse:` every row is counted as a separate "
        "ticket [D115]"
    ]


def test_repeat_across_two_files_names_both(tmp_path: Path, repo_root: Path) -> None:
    files = {
        "data/exports/dingsheng/t1.csv": "number,opened,prio,n\nINC1,2026-04-01 10:00,P2,0\n",
        "data/exports/dingsheng/t2.csv": "number,opened,prio,n\nINC9,2026-04-03 10:00,P2,0\n"
        "INC1,2026-04-01 10:00,P2,1\n",
    }
    root = portal(tmp_path, repo_root, files)
    (issue,) = KpiEngine(root).data_issues()
    assert (issue.file, issue.line, issue.code) == ("data/exports/dingsheng/t2.csv", 3, "D115")
    assert "first on row 2 of data/exports/dingsheng/t1.csv" in issue.message


def test_collapsed_event_log_is_fine(tmp_path: Path, repo_root: Path) -> None:
    extra = "    collapse: {key: id, order_by: [update_counter]}\n"
    root = portal(tmp_path, repo_root, {"data/exports/dingsheng/t.csv": LOG}, extra)
    engine = KpiEngine(root)
    assert engine.data_issues() == []
    table = engine.table("dingsheng", "tickets")
    assert table is not None and len(table.frame) == 2
