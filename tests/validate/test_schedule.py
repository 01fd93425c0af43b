"""Classification of planned reports: on time, late, overdue, not yet due (today injected)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reportal.model.period import parse_period
from reportal.model.plan import Calendar
from reportal.model.registry import Customer, PortalSettings, Provider, Registry
from reportal.model.report import Category, Report, Status
from reportal.model.schedule import PlanState, classify
from reportal.validate.portal import load_portal
from reportal.validate.schedule import build_schedule, schedule_for

D = date.fromisoformat


@pytest.mark.parametrize(
    ("due", "issued", "today", "state"),
    [
        ("2026-11-06", "2026-11-05", "2026-11-28", PlanState.ON_TIME),
        ("2026-11-06", "2026-11-06", "2026-11-28", PlanState.ON_TIME),  # on the due day
        ("2026-11-06", "2026-11-07", "2026-11-28", PlanState.LATE),
        ("2026-11-06", None, "2026-11-07", PlanState.OVERDUE),
        ("2026-11-06", None, "2026-11-06", PlanState.NOT_DUE),  # due today, not yet late
        ("2026-12-07", None, "2026-11-28", PlanState.NOT_DUE),
        (None, "2026-10-15", "2026-11-28", PlanState.ISSUED),
        (None, None, "2026-11-28", PlanState.NOT_DUE),
    ],
)
def test_classify(due: str | None, issued: str | None, today: str, state: PlanState) -> None:
    assert classify(D(due) if due else None, D(issued) if issued else None, D(today)) is state


def _registry() -> Registry:
    plan = {
        "acme": [
            {"id": "monthly", "category": "regular", "frequency": "monthly",
             "title": "{short_name} {year} 年 {month} 月报告",
             "due": {"rule": "working_day", "n": 5}, "start": "2026-08"},
            {"id": "incident", "category": "incident", "frequency": "on_event",
             "due": {"rule": "days_after", "n": 5}},
            {"id": "special", "category": "special", "frequency": "on_demand"},
        ]
    }  # fmt: skip
    customer = Customer("acme", "Acme 有限公司", "Acme", "ACME", calendar="cn")
    return Registry(PortalSettings(Provider("P")), {"acme": customer}, {}, plan)


def _report(number: str, period: str, status: str = "approved", issued: str | None = None,
            category: str = "regular", supersedes: str | None = None) -> Report:  # fmt: skip
    return Report(
        path=f"reports/acme/2026/{number}.md",
        number=number,
        title=f"title {number}",
        customer="acme",
        period=parse_period(period),
        category=Category(category),
        author="a",
        status=Status(status),
        prepared=D("2026-01-01"),
        issued=D(issued) if issued else None,
        supersedes=supersedes,
    )


CALENDARS = {"cn": Calendar(id="cn", holidays=frozenset({D("2026-10-01"), D("2026-10-02")}))}


def test_schedule_states_for_a_customer() -> None:
    reports = [
        _report("SR-ACME-2026-08-01", "2026-08", issued="2026-09-04"),  # due Mon 7 Sep
        # due Fri 9 Oct (1–2 Oct off); amended later
        _report("SR-ACME-2026-09-01", "2026-09", issued="2026-10-08"),
        _report("SR-ACME-2026-09-02", "2026-09", issued="2026-10-20",
                supersedes="SR-ACME-2026-09-01"),
        _report("SR-ACME-2026-10-01", "2026-10", status="draft"),  # due 6 Nov: overdue
        _report("SR-ACME-2026-07-02", "2026-07-14..2026-07-15", issued="2026-07-21",
                category="incident"),
        _report("SR-ACME-2026-09-03", "2026-Q3", issued="2026-10-15", category="special"),
        _report("SR-ACME-2026-06-01", "2026-06", status="withdrawn", issued="2026-07-01"),
    ]  # fmt: skip
    schedule = build_schedule(_registry(), reports, CALENDARS, D("2026-11-28"))
    assert schedule.issues == []
    got = {(i.entry_id, i.period.text): (i.due, i.state, i.report) for i in schedule.items}
    assert got == {
        ("monthly", "2026-08"): (D("2026-09-07"), PlanState.ON_TIME, "SR-ACME-2026-08-01"),
        ("monthly", "2026-09"): (D("2026-10-09"), PlanState.ON_TIME, "SR-ACME-2026-09-01"),
        ("monthly", "2026-10"): (D("2026-11-06"), PlanState.OVERDUE, "SR-ACME-2026-10-01"),
        ("monthly", "2026-11"): (D("2026-12-07"), PlanState.NOT_DUE, None),
        ("incident", "2026-07-14..2026-07-15"): (
            D("2026-07-20"),
            PlanState.LATE,
            "SR-ACME-2026-07-02",
        ),
        ("special", "2026-Q3"): (None, PlanState.ISSUED, "SR-ACME-2026-09-03"),
    }
    amended = schedule.item_of("SR-ACME-2026-09-02")
    assert amended is not None and amended.reports == ("SR-ACME-2026-09-01", "SR-ACME-2026-09-02")
    planned = next(i for i in schedule.items if i.period.text == "2026-11")
    assert planned.title == "Acme 2026 年 11 月报告"
    incident = next(i for i in schedule.items if i.entry_id == "incident")
    assert incident.days_late == 1


def test_due_within_lists_open_items_only() -> None:
    reports = [_report("SR-ACME-2026-08-01", "2026-08", issued="2026-09-04")]
    schedule = build_schedule(_registry(), reports, CALENDARS, D("2026-11-28"))
    soon = schedule.due_within(10)
    assert [i.period.text for i in soon] == ["2026-09", "2026-10", "2026-11"]
    assert [i.period.text for i in schedule.due_within(0)] == ["2026-09", "2026-10"]


def test_today_changes_the_state() -> None:
    reports = [_report("SR-ACME-2026-10-01", "2026-10", status="draft")]
    early = build_schedule(_registry(), reports, CALENDARS, D("2026-11-06"))
    late = build_schedule(_registry(), reports, CALENDARS, D("2026-11-07"))
    pick = lambda s: next(i.state for i in s.items if i.period.text == "2026-10")  # noqa: E731
    assert pick(early) is PlanState.NOT_DUE
    assert pick(late) is PlanState.OVERDUE


def test_demo_portal_schedule(repo_root: Path) -> None:
    """The demo's fixed facts: huaxin 2026-02 was issued late, 2026-03 on time (first issue)."""
    portal = load_portal(repo_root)
    schedule = schedule_for(portal.registry, portal.reports, D("2026-11-28"))
    assert schedule.issues == []
    huaxin = {i.period.text: i for i in schedule.for_customer("huaxin") if i.entry_id == "monthly"}
    if "SR-HUAXIN-2026-02-01" not in {r.number for r in portal.reports}:
        pytest.fail("demo report SR-HUAXIN-2026-02-01 is missing")
    assert huaxin["2026-02"].due == D("2026-03-06")
    assert huaxin["2026-02"].state is PlanState.LATE
    assert huaxin["2026-03"].report == "SR-HUAXIN-2026-03-01"
    assert huaxin["2026-11"].state is PlanState.NOT_DUE
    assert huaxin["2026-11"].due == D("2026-12-07")


def test_a_due_date_in_a_year_without_holidays_is_a_warning() -> None:
    # on 2027-02-01 the December report is due in January 2027; the calendar lists only 2026
    schedule = build_schedule(_registry(), [], CALENDARS, D("2027-02-01"))
    assert any(item.due and item.due.year == 2027 for item in schedule.items)
    warnings = [(i.code, i.field, i.severity.value) for i in schedule.issues]
    assert warnings == [("P011", "cn", "warning")]
    assert "lists no holidays for 2027" in schedule.issues[0].message
