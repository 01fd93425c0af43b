"""Report snapshots (issue 10): frozen beside an issued report, checked, and never recomputed.

Portals here are the demo registry and data with a few demo reports; KPI values are checked
against a computation written here with pandas on the export itself.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from reportal.cli.main import cli
from reportal.issues import Issue
from reportal.kpi.checks import check_all, report_content
from reportal.kpi.freeze import check_drift, freeze_reports
from reportal.model.snapshot import dump_snapshot, parse_snapshot, snapshot_path

NUMBER = "SR-HUAXIN-2026-09-01"
REPORT = f"reports/huaxin/2026/{NUMBER}.md"
SNAPSHOT = snapshot_path(REPORT)
SURVEYS = "data/exports/huaxin/surveys.csv"
REPO = Path(__file__).resolve().parents[2]


def portal(tmp_portal: Callable[..., Path], *numbers: str) -> Path:
    files = {}
    for number in numbers or (NUMBER,):
        rel = next(p for p in (REPO / "reports").rglob(f"{number}.md")).relative_to(REPO)
        files[rel.as_posix()] = (REPO / rel).read_text(encoding="utf-8")
    root = tmp_portal(files, with_data=True)
    return root


def freeze(root: Path, numbers: frozenset[str] = frozenset()) -> dict[str, str]:
    portal_ = check_all(root)
    assert not [i for i in portal_.issues if i.is_error], portal_.issues
    written, issues = freeze_reports(report_content(portal_), numbers)
    assert issues == []
    for rel, text in written.items():
        (root / rel).write_text(text, encoding="utf-8")
    return written


def september_mean(root: Path) -> float:
    """csat.mean computed here: the mean score of September's survey rows."""
    frame = pd.read_csv(root / SURVEYS, encoding="utf-8")
    september = frame[frame["回访日期"].str.startswith("2026-09")]
    return float(september["评分"].mean())


def set_september_scores(root: Path, score: str) -> None:
    path = root / SURVEYS
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[0].startswith("2026-09"):
            row[3] = score
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def codes(issues: list[Issue]) -> list[tuple[str, int | None, str]]:
    return [(i.file, i.line, i.code) for i in issues if i.code.startswith("S")]


def test_freeze_writes_a_deterministic_snapshot_of_the_issued_figures(
    tmp_portal: Callable[..., Path],
) -> None:
    root = portal(tmp_portal)
    assert list(freeze(root)) == [SNAPSHOT]
    text = (root / SNAPSHOT).read_text(encoding="utf-8")
    loaded = parse_snapshot(text)
    assert loaded.intact and dump_snapshot(loaded.snapshot) == text  # reads back to the bytes
    snapshot = loaded.snapshot
    assert (snapshot.number, snapshot.customer, snapshot.period) == (NUMBER, "huaxin", "2026-09")
    assert snapshot.kpis["csat.mean"]["value"] == pytest.approx(september_mean(root), abs=1e-9)
    assert snapshot.kpis["csat.mean"]["definition"]  # the definition's version
    files = snapshot.sources["surveys"]["files"]
    assert list(files) == [SURVEYS] and len(files[SURVEYS]) == 64
    macros = sorted({block["macro"] for block in snapshot.blocks.values()})
    assert "satisfaction" in macros and "trend_chart" in macros
    assert set(snapshot.languages) == {"zh", "en"}
    (root / SNAPSHOT).unlink()  # the same inputs freeze to the same bytes
    freeze(root)
    assert (root / SNAPSHOT).read_text(encoding="utf-8") == text


def test_a_changed_export_keeps_the_frozen_figures_and_warns_of_drift(
    tmp_portal: Callable[..., Path],
) -> None:
    root = portal(tmp_portal)
    freeze(root)
    before = september_mean(root)
    set_september_scores(root, "5")
    assert september_mean(root) == 5.0 != before
    loaded = check_all(root)
    content = report_content(loaded)
    report = loaded.report(NUMBER)
    assert report is not None
    frozen = content.snapshot(report, "zh")
    assert frozen.kpis["csat.mean"]["value"] == pytest.approx(before)
    block = content.block(report, "satisfaction", (), {}, "zh")
    assert f"{before:.2f}" in json.dumps(block, ensure_ascii=False)
    [drift] = check_drift(content, "zh")
    assert (drift.file, drift.code, drift.is_error) == (REPORT, "S010", False)
    assert f"csat.mean: {before:.2f} 分 -> 5.00 分" in drift.message
    assert f"reportal new --amend {NUMBER}" in (drift.hint or "")


def test_a_snapshot_edited_by_hand_is_an_error_on_its_hash_line(
    tmp_portal: Callable[..., Path],
) -> None:
    root = portal(tmp_portal)
    freeze(root)
    path = root / SNAPSHOT
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    data["kpis"]["csat.mean"]["value"] = 4.9
    edited = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    path.write_text(edited, encoding="utf-8")
    line = next(n for n, row in enumerate(edited.splitlines(), 1) if '"snapshot_sha256"' in row)
    assert codes(check_all(root).issues) == [(SNAPSHOT, line, "S003")]


def test_an_issued_body_edited_after_freezing_is_an_error(
    tmp_portal: Callable[..., Path],
) -> None:
    root = portal(tmp_portal)
    freeze(root)
    path = root / REPORT
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    issues = check_all(root).issues
    assert codes(issues) == [(REPORT, 2, "S002")]
    assert "reportal new --amend SR-HUAXIN-2026-09-01" in (issues[-1].hint or "")


def test_superseding_changes_only_the_status_and_keeps_the_snapshot_valid(
    tmp_portal: Callable[..., Path],
) -> None:
    root = portal(tmp_portal)
    freeze(root)
    path = root / REPORT
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: approved", "status: withdrawn"), "utf-8"
    )
    loaded = check_all(root)
    report = loaded.report(NUMBER)
    assert report is not None and loaded.snapshot(report) is not None
    assert codes(loaded.issues) == []


def test_snapshot_findings_without_a_valid_pair(tmp_portal: Callable[..., Path]) -> None:
    root = portal(tmp_portal)
    assert codes(check_all(root).issues) == [(REPORT, 9, "S001")]  # approved, not frozen
    freeze(root)
    orphan = "reports/huaxin/2026/SR-HUAXIN-2026-09-05.snapshot.json"
    (root / orphan).write_text((root / SNAPSHOT).read_text("utf-8"), encoding="utf-8")
    broken = "reports/huaxin/2026/SR-HUAXIN-2026-09-06.snapshot.json"
    (root / broken).write_text('{"format": \n', encoding="utf-8")
    found = codes(check_all(root).issues)
    assert sorted(found) == [(orphan, 1, "S005"), (broken, 2, "S004")]


def test_a_draft_renders_live_even_beside_a_snapshot(tmp_portal: Callable[..., Path]) -> None:
    root = portal(tmp_portal)
    freeze(root)
    set_september_scores(root, "5")
    path = root / REPORT
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: approved", "status: review"), "utf-8"
    )
    loaded = check_all(root)
    report = loaded.report(NUMBER)
    assert report is not None
    assert codes(loaded.issues) == [(SNAPSHOT, 1, "S006")]
    live = report_content(loaded).snapshot(report, "zh")
    assert live.kpis["csat.mean"]["value"] == 5.0


def test_new_amend_starts_the_amendment_from_the_issued_report(
    tmp_portal: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = portal(tmp_portal)
    freeze(root)
    monkeypatch.setenv("REPORTAL_TODAY", "2026-12-01")
    result = CliRunner().invoke(cli, ["new", "--amend", NUMBER, "--root", str(root)])
    assert result.exit_code == 0, result.output
    amendment = root / "reports/huaxin/2026/SR-HUAXIN-2026-09-02.md"
    text = amendment.read_text(encoding="utf-8")
    assert "number: SR-HUAXIN-2026-09-02\n" in text and f"supersedes: {NUMBER}\n" in text
    assert "status: draft\n" in text and "prepared: 2026-12-01\n" in text
    assert "reviewer:\n" in text  # the original names none; the amendment's reviewer is to fill
    assert 'amendment_reason: "（待填写：' in text and "## 更正说明" in text
    old = (root / REPORT).read_text(encoding="utf-8")
    assert "status: superseded\n" in old and "status: approved" not in old
    loaded = check_all(root)
    assert [i for i in loaded.issues if i.is_error] == []
    original = loaded.report(NUMBER)
    assert original is not None and loaded.snapshot(original) is not None  # still frozen
    again = CliRunner().invoke(cli, ["new", "--amend", NUMBER, "--root", str(root)])
    assert again.exit_code == 1 and "N006" in again.output  # superseded: amend the amendment
