"""The engine: each export loaded once (content-hash cache, on disk too), coverage, and the
data checks that `reportal check` runs (bad cells, unexplained gaps)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.issues import Severity, render_text
from reportal.kpi import engine as engine_module
from reportal.kpi import source_store as store_module
from reportal.kpi.checks import check_all
from reportal.kpi.engine import KpiEngine
from reportal.kpi.shared import shared_engine
from reportal.model.period import parse_period

APRIL = parse_period("2026-04")


def portal(root: Path, repo_root: Path, extra: dict[str, str] | None = None) -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    return write(root, {**registry, **FILES, **(extra or {})})


def test_each_file_is_loaded_once_per_engine(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = portal(tmp_path, repo_root)
    calls: list[str] = []
    real = store_module.load_file

    def counting(path: Path, rel: str, *args: object) -> object:
        calls.append(rel)
        return real(path, rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "load_file", counting)
    engine = KpiEngine(root)
    for period in APRIL.previous(12):
        engine.results("dingsheng", period)
    engine.data_issues()
    assert sorted(calls) == sorted(f for f in FILES if f.startswith("data/exports/dingsheng/"))


def test_shared_engine_reloads_only_changed_files(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    first = shared_engine(root)
    before = first.result("dingsheng", APRIL, "csat.responses").value.value
    calls_table = first.table("dingsheng", "calls")
    surveys = root / "data/exports/dingsheng/surveys.csv"
    surveys.write_text(
        surveys.read_text(encoding="utf-8") + "2026-04-15,电话回访,5,\n", encoding="utf-8"
    )
    stat = surveys.stat()
    os.utime(surveys, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    second = shared_engine(root)
    assert second is first
    assert before == 4
    assert second.result("dingsheng", APRIL, "csat.responses").value.value == 5
    assert second.table("dingsheng", "calls") is calls_table  # unchanged: not reloaded


def test_shared_engine_is_fresh_after_a_config_change_even_the_first_one(
    tmp_path: Path, repo_root: Path
) -> None:
    root = portal(tmp_path, repo_root)
    first = shared_engine(root)
    customers = root / "data/customers.yml"
    stat = customers.stat()
    os.utime(customers, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    second = shared_engine(root)
    assert second is not first
    assert shared_engine(root) is second


def test_disk_cache_gives_the_same_results(tmp_path: Path, repo_root: Path) -> None:
    root = portal(
        tmp_path,
        repo_root,
        {
            "data/exports/dingsheng/t.csv": FILES["data/exports/dingsheng/t.csv"]
            + "T9,2026-04-09 10:00,,,,P7,0,0,,0\n"
        },
    )
    cache = tmp_path / "cache"
    cold = KpiEngine(root, cache)
    cold.data_issues()
    assert len(list(cache.glob("*.parquet"))) == 5
    warm = KpiEngine(root, cache)
    for kpi in ("sla.resolution", "tickets.opened", "calls.asa_seconds", "actions.open"):
        assert cold.result("dingsheng", APRIL, kpi) == warm.result("dingsheng", APRIL, kpi)
    assert [render_text(i) for i in warm.data_issues()] == [
        'data/exports/dingsheng/t.csv:9: priority: "P7" is not one of P1, P2, P3, P4 [D111]\n'
        "  hint: map export values in data/sources.yml `values:`"
    ]


def test_checks_of_an_unchanged_portal_load_no_table(tmp_path: Path, repo_root: Path) -> None:
    """Issues and coverage come from the summary cache: no export is parsed, no table loaded;
    a changed export is loaded again and its new issue found."""
    bad_row = "T9,2026-04-09 10:00,,,,P7,0,0,,0\n"
    root = portal(tmp_path, repo_root)
    cache = tmp_path / "cache"
    cold = KpiEngine(root, cache)
    issues, coverage = cold.data_issues(), cold.coverage("dingsheng", APRIL)
    warm = KpiEngine(root, cache)
    assert warm.data_issues() == issues
    assert warm.coverage("dingsheng", APRIL) == coverage
    assert warm.files_read == 0 and not warm.store._tables  # nothing parsed, nothing loaded
    (root / "data/exports/dingsheng/t.csv").write_text(
        FILES["data/exports/dingsheng/t.csv"] + bad_row, encoding="utf-8"
    )
    changed = KpiEngine(root, cache)
    assert [i.code for i in changed.data_issues()] == ["D111"]
    assert changed.files_read == 1


def test_missing_file_is_reported_on_sources_yml(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    (root / "data/exports/dingsheng/calls.csv").unlink()
    issues = [render_text(i) for i in KpiEngine(root).data_issues()]
    assert issues == [
        "data/sources.yml:10: dingsheng.calls.path: no file matches "
        '"exports/dingsheng/calls.csv" under data/ [D102]'
    ]


def test_coverage_counts_days_with_data(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    engine = KpiEngine(root)
    by_source = {c.source: c for c in engine.coverage("dingsheng", APRIL)}
    # availability is daily: rows on 04-01 and 04-02 only
    assert by_source["availability"].text() == "2/30 天"
    assert by_source["availability"].missing_text() == "2026-04-03..2026-04-30"
    # calls are daily too (04-01, 04-02); surveys are measured by extent: 03-31 .. 05-01
    assert by_source["calls"].covered == 2
    assert by_source["surveys"].complete and by_source["surveys"].text() == "30/30 天"
    assert by_source["actions"].text() == "不适用"


def test_coverage_of_a_running_period_counts_only_elapsed_days(
    tmp_path: Path, repo_root: Path
) -> None:
    root = portal(tmp_path, repo_root)
    engine = KpiEngine(root, today=date(2026, 4, 3))  # data for 04-01 and 04-02: both days over
    by_source = {c.source: c for c in engine.coverage("dingsheng", APRIL)}
    assert by_source["availability"].complete
    assert by_source["availability"].text() == "2/2 天（另 28 天未到）"
    assert by_source["availability"].text("en") == "2/2 days (28 to come)"
    later = KpiEngine(root, today=date(2026, 4, 5))
    availability = next(c for c in later.coverage("dingsheng", APRIL) if c.source == "availability")
    assert availability.missing_text() == "2026-04-03..2026-04-04"


def test_a_day_with_fewer_rows_than_usual_is_partly_missing(
    tmp_path: Path, repo_root: Path
) -> None:
    # two half-hour intervals a day is this source's usual; 04-03 has one: partly missing
    calls = FILES["data/exports/dingsheng/calls.csv"] + "2026-04-03 09:00,10,9,8,1,1800,90\n"
    root = portal(tmp_path, repo_root, {"data/exports/dingsheng/calls.csv": calls})
    coverage = next(c for c in KpiEngine(root).coverage("dingsheng", APRIL) if c.source == "calls")
    assert coverage.covered == 2 and not coverage.complete
    assert coverage.partial == (date(2026, 4, 3),)
    assert coverage.missing_text().startswith("2026-04-04..2026-04-30, 2026-04-03（部分缺失）")
    assert "2026-04-03 (partly missing)" in coverage.missing_text("en")


REPORT = """\
---
number: SR-DINGSHENG-2026-04-01
title: 鼎盛物流 2026 年 4 月 服务台运营报告
customer: dingsheng
period: 2026-04
category: regular
author: zhao.lei
approver: sun.li
status: {status}
prepared: 2026-05-06
approved_on: 2026-05-07
issued: 2026-05-08
{gaps}---

正文
"""


def report(status: str = "approved", gaps: str = "") -> dict[str, str]:
    text = REPORT.format(status=status, gaps=gaps)
    if status == "draft":
        text = text.replace("approved_on: 2026-05-07\nissued: 2026-05-08\n", "")
    return {"reports/dingsheng/2026/SR-DINGSHENG-2026-04-01.md": text}


def coverage_issues(root: Path) -> list[str]:
    return [render_text(i) for i in check_all(root).issues if i.code == "D120"]


def test_unexplained_gap_fails_check(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root, report())
    issues = check_all(root).issues
    gaps = [i for i in issues if i.code == "D120"]
    # calls and availability have 2 of 30 days; the last ticket was opened on 04-28
    assert sorted(i.message.split()[1] for i in gaps) == ["availability", "calls", "tickets"]
    assert {i.severity for i in gaps} == {Severity.ERROR}
    assert any(
        "source calls covers 2/30 days of 2026-04 (missing 2026-04-03..2026-04-30)" in i.message
        for i in gaps
    )
    assert all(i.file == "reports/dingsheng/2026/SR-DINGSHENG-2026-04-01.md" for i in gaps)


def test_explained_gap_passes(tmp_path: Path, repo_root: Path) -> None:
    gaps = (
        "data_gaps:\n  - {source: calls, reason: 平台升级}\n"
        "  - {source: availability, reason: 监控迁移}\n  - {source: tickets, reason: 截止}\n"
    )
    root = portal(tmp_path, repo_root, report(gaps=gaps))
    assert coverage_issues(root) == []


def test_gap_in_a_draft_is_a_warning(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root, report(status="draft"))
    issues = [i for i in check_all(root).issues if i.code == "D120"]
    assert issues and {i.severity for i in issues} == {Severity.WARNING}


def test_demo_portal_data_is_clean(repo_root: Path) -> None:
    """The demo exports load without a bad cell, and every gap in an issued report is explained."""
    issues = check_all(repo_root).issues
    data = [render_text(i) for i in issues if i.code.startswith("D1") and i.is_error]
    assert data == []


def test_a_customers_inputs_key_is_the_same_in_its_own_edition(tmp_portal) -> None:  # type: ignore[no-untyped-def]
    """A customer edition's staged sources.yml holds that customer's declarations alone (on
    other lines): its KPI results cached by the provider build must still be found."""
    import yaml

    root = tmp_portal(with_data=True)
    provider = KpiEngine(root).inputs_digest("dingsheng")
    sources = root / "data/sources.yml"
    declared = yaml.safe_load(sources.read_text(encoding="utf-8"))
    del declared["huaxin"]  # dingsheng's declarations move up the file
    sources.write_text(yaml.safe_dump(declared, allow_unicode=True), encoding="utf-8")
    assert KpiEngine(root).inputs_digest("dingsheng") == provider


def test_a_customer_let_go_is_read_back_from_disk_and_still_follows_its_exports(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps few customers' rows in memory: one let go is read back from the on-disk
    cache (not parsed again), and a later change of its exports is still seen."""
    monkeypatch.setattr(engine_module, "CUSTOMERS_IN_MEMORY", 0)  # let go at once
    root = portal(tmp_path, repo_root)
    engine = KpiEngine(root, tmp_path / "cache")
    assert engine.result("dingsheng", APRIL, "csat.responses").value.value == 4
    parsed = engine.files_read
    march = parse_period("2026-03")
    engine.result("dingsheng", march, "csat.responses")
    assert engine.files_read == parsed  # read back from the cache
    surveys = root / "data/exports/dingsheng/surveys.csv"
    surveys.write_text(
        surveys.read_text(encoding="utf-8") + "2026-04-15,电话回访,5,\n", encoding="utf-8"
    )
    stat = surveys.stat()
    os.utime(surveys, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    engine.refresh()
    assert engine.result("dingsheng", APRIL, "csat.responses").value.value == 5


def test_a_period_computes_only_the_kpis_asked_for_and_keeps_them_for_the_next_build(
    tmp_path: Path, repo_root: Path
) -> None:
    """A trend chart asks one KPI of a past period: only that one is computed; the next build
    (a new engine on the same cache) finds it and adds the others to the same period."""
    root = portal(tmp_path, repo_root)
    cache = tmp_path / "cache"
    first = KpiEngine(root, cache)
    one = first.result("dingsheng", APRIL, "csat.responses")
    assert first.computed == 1
    second = KpiEngine(root, cache)
    assert second.result("dingsheng", APRIL, "csat.responses") == one
    assert second.computed == 0
    every = second.results("dingsheng", APRIL)
    assert second.computed == len(every) - 1 and every["csat.responses"] == one
    third = KpiEngine(root, cache)
    assert third.results("dingsheng", APRIL) == every and third.computed == 0
