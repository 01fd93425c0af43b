"""A portal's reports looked up by number and by file (model/portal.py): what a scan of the
list finds, through an index made again when the list changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportal.validate.portal import load_portal

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_lookups_find_what_a_scan_finds_and_follow_the_list() -> None:
    portal = load_portal(REPO_ROOT)
    assert len(portal.reports) > 10
    for report in portal.reports:
        assert portal.report(report.number) is next(
            r for r in portal.reports if r.number == report.number
        )
        assert portal.by_path(report.path) is report
    assert portal.report("SR-NONE-2026-01-01") is None and portal.by_path("none.md") is None
    first = portal.reports[0]
    added = replace(first, number="SR-NEW-2026-01-01", path="reports/new.md")
    portal.reports.append(added)  # the same list, longer
    assert portal.report("SR-NEW-2026-01-01") is added
    assert portal.by_path("reports/new.md") is added
    portal.reports = [added]  # another list
    assert portal.by_path(first.path) is None and portal.report(added.number) is added
