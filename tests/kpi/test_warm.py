"""Warming the caches on two cores (kpi/warm.py) fills what the checks and the build read, with
the same results as computing them where they are needed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reportal.cachedir import cache_dir
from reportal.kpi import warm
from reportal.kpi.checks import check_all, check_portal
from reportal.kpi.engine import KpiEngine
from reportal.kpi.snapshots import ReportContent, compute_snapshot
from reportal.kpi.warm import warm_caches
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.model.snapshot import dump_snapshot

LANG = "zh"


@pytest.fixture
def demo(tmp_portal: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(warm, "MIN_EXPORT_BYTES", 0)  # the demo's exports are small
    return tmp_portal(with_demo_reports=True, with_data=True)


def live_reports(portal: Portal) -> list[Report]:
    return [r for r in portal.reports if portal.frozen(r) is None]


def test_warming_fills_every_cache_on_two_processes(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats = tmp_path / "stats.jsonl"
    monkeypatch.setenv("REPORTAL_STATS", str(stats))
    portal = check_portal(demo)
    engine = KpiEngine(demo, cache_dir(demo), registry=portal.registry)
    assert warm_caches(portal, engine, [LANG], jobs=2)
    rows = [json.loads(line) for line in stats.read_text("utf-8").splitlines()]
    assert len(rows) == 2 and all(row["edition"] == "warm" for row in rows)  # two processes
    live = live_reports(portal)
    assert live and sum(row["snapshots"] for row in rows) == len(live)

    fresh = KpiEngine(demo, cache_dir(demo), registry=portal.registry)  # as the build's checks
    content = ReportContent(fresh, portal, cache_dir(demo))
    fresh.data_issues()
    for report in live:
        content.live(report, LANG)
    assert fresh.files_read == 0  # every export's summary was on disk
    assert content.computed == 0 and fresh.computed == 0  # every live snapshot too
    assert not warm_caches(portal, fresh, [LANG], jobs=2)  # a rebuild: nothing left to warm


def test_warmed_results_equal_results_computed_without_warming(demo: Path, tmp_path: Path) -> None:
    plain_root = tmp_path / "plain"
    shutil.copytree(demo, plain_root)
    portal = check_portal(demo)
    engine = KpiEngine(demo, cache_dir(demo), registry=portal.registry)
    warm_caches(portal, engine, [LANG], jobs=2)

    warmed = ReportContent(KpiEngine(demo, cache_dir(demo)), portal, cache_dir(demo))
    plain = KpiEngine(plain_root, None)  # no cache at all
    for report in live_reports(portal):
        expected = compute_snapshot(plain, report, (LANG,))
        assert dump_snapshot(warmed.live(report, LANG)) == dump_snapshot(expected)
    assert warmed.computed == 0


def test_a_broken_export_is_reported_by_the_checks_as_without_warming(
    demo: Path, tmp_path: Path
) -> None:
    broken = demo / "data/exports/huaxin/incidents.csv"
    broken.write_bytes(broken.read_bytes()[:300] + b"\n\x00\x01,not,a,row\n")
    plain_root = tmp_path / "plain"
    shutil.copytree(demo, plain_root)
    (plain_root / ".reportal-cache").mkdir(exist_ok=True)
    warmed = check_all(demo, warm="build").issues
    plain = check_all(plain_root).issues
    assert [i for i in warmed if i.code.startswith("D")]  # the bad rows are found
    assert warmed == plain


def test_the_checks_that_read_no_export_run_while_the_second_process_warms(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = check_portal(demo)
    engine = KpiEngine(demo, cache_dir(demo), registry=portal.registry)
    order: list[str] = []
    share = warm.warm_with
    monkeypatch.setattr(warm, "warm_with", lambda *a: (order.append("own share"), share(*a)))
    assert warm_caches(portal, engine, [LANG], jobs=2, meanwhile=lambda: order.append("checks"))
    assert order == ["checks", "own share"]  # the child was started before both
    order.clear()
    assert not warm_caches(portal, engine, [LANG], jobs=2, meanwhile=lambda: order.append("checks"))
    assert order == ["checks"]  # a rebuild: nothing to warm, the checks still run


def test_a_report_error_is_reported_whether_or_not_the_build_warms(
    demo: Path, tmp_path: Path
) -> None:
    report = next((demo / "reports").rglob("*.md"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\n{{ open('/etc/passwd') }}\n", encoding="utf-8")
    plain_root = tmp_path / "plain"
    shutil.copytree(demo, plain_root)
    warmed = check_all(demo, warm="build").issues
    plain = check_all(plain_root).issues
    assert any(i.is_error and i.file == report.relative_to(demo).as_posix() for i in warmed)
    assert warmed == plain
