"""approved_on and issued may not lie after the portal's today (``REPORTAL_TODAY`` pins it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from casefiles import CASES_DIR

from reportal.kpi.checks import check_portal

REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
TEXT = (CASES_DIR / "duplicate_numbers" / REPORT).read_text("utf-8")  # issued 2026-11-06


@pytest.mark.parametrize(
    ("today", "fields"),
    [("2026-11-04", ["approved_on", "issued"]), ("2026-11-05", ["issued"]), ("2026-11-06", [])],
)
def test_dates_after_the_portal_today_are_errors(
    today: str, fields: list[str], tmp_portal: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPORTAL_TODAY", today)
    portal = check_portal(tmp_portal({REPORT: TEXT}))
    found = [i for i in portal.issues if i.code == "X014"]
    assert [i.field for i in found] == fields
    assert all(f"(today is {today})" in i.message for i in found)
