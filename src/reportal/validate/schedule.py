"""Schedule: the report plan held against the reports -> one state per planned report.

Each planned report (a periodic entry's period, or an incident/special report that exists) is
issued on time, issued late, overdue, or not yet due, given ``today`` (always injected, so
tests and ``reportal plan --today`` can pin it). An amendment (``supersedes``) belongs to the
planned report of the original: timeliness is judged on the first issue.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from reportal.issues import Issue, Severity
from reportal.model.period import Period
from reportal.model.plan import (
    CALENDARS_FILE,
    DEFAULT_CALENDAR,
    Calendar,
    PlanEntry,
    due_date,
    parse_calendars,
    parse_plan,
    planned_periods,
)
from reportal.model.registry import Registry
from reportal.model.report import Report, Status

PORTAL_TIMEZONE = "Asia/Shanghai"
TODAY_VARIABLE = "REPORTAL_TODAY"


class PlanState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"
    ISSUED = "issued"  # issued; the plan sets no due date (on-demand special reports)

    @property
    def is_done(self) -> bool:
        return self in (PlanState.ON_TIME, PlanState.LATE, PlanState.ISSUED)


STATE_LABELS: dict[PlanState, dict[str, str]] = {
    PlanState.ON_TIME: {"zh": "按时发布", "en": "Issued on time"},
    PlanState.LATE: {"zh": "延迟发布", "en": "Issued late"},
    PlanState.OVERDUE: {"zh": "已逾期", "en": "Overdue"},
    PlanState.NOT_DUE: {"zh": "未到期", "en": "Not yet due"},
    PlanState.ISSUED: {"zh": "已发布（无时限）", "en": "Issued (no due date)"},
}


@dataclass(frozen=True)
class PlanItem:
    """One planned report and how it stands on ``today``.

    ``reports`` lists every report number for this planned report, oldest first (an original
    and its amendments); ``report`` is the one whose first issue counts (or the one in work).
    """

    customer: str
    entry_id: str
    category: str
    period: Period
    title: str
    due: date | None
    state: PlanState
    report: str | None = None
    issued: date | None = None
    reports: tuple[str, ...] = ()

    @property
    def days_late(self) -> int | None:
        if self.due is None or self.issued is None:
            return None
        return max((self.issued - self.due).days, 0)


@dataclass
class Schedule:
    today: date
    items: list[PlanItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def for_customer(self, customer: str | None) -> list[PlanItem]:
        return [i for i in self.items if customer is None or i.customer == customer]

    def item_of(self, number: str) -> PlanItem | None:
        return next((i for i in self.items if number in i.reports), None)

    def due_within(self, days: int, customer: str | None = None) -> list[PlanItem]:
        """Open items (not issued) whose due date is at most ``days`` days from today."""
        limit = self.today + timedelta(days=days)
        return [
            i
            for i in self.for_customer(customer)
            if not i.state.is_done and i.due is not None and i.due <= limit
        ]


def classify(due: date | None, issued: date | None, today: date) -> PlanState:
    """The state of one planned report. Issued on the due date counts as on time."""
    if issued is not None:
        if due is None:
            return PlanState.ISSUED
        return PlanState.ON_TIME if issued <= due else PlanState.LATE
    if due is not None and today > due:
        return PlanState.OVERDUE
    return PlanState.NOT_DUE


def portal_today() -> date:
    """Today in the portal's time zone, or ``REPORTAL_TODAY`` (YYYY-MM-DD) when it is set
    (reproducible builds and demos); the default wherever no date is injected."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return datetime.now(tz=ZoneInfo(PORTAL_TIMEZONE)).date()


def build_schedule(
    registry: Registry,
    reports: Iterable[Report],
    calendars: Mapping[str, Calendar],
    today: date,
) -> Schedule:
    """Hold the plan (``registry.plan``) against ``reports`` on ``today``."""
    entries, issues = parse_plan(registry.plan)
    schedule = Schedule(today=today, issues=issues)
    groups = _group_reports(r for r in reports if r.status is not Status.WITHDRAWN)
    uncovered: set[tuple[str, int]] = set()
    for entry in entries:
        cal = _calendar_of(registry, entry.customer, calendars)
        items = _items_of(entry, registry, groups, cal, today)
        schedule.items.extend(items)
        uncovered |= {(cal.id, i.due.year) for i in items if i.due and _uncovered(cal, i.due)}
    schedule.items.sort(key=lambda i: (i.customer, i.period.end, i.period.start, i.entry_id))
    schedule.issues += [_uncovered_issue(cal_id, year) for cal_id, year in sorted(uncovered)]
    return schedule


def _uncovered(cal: Calendar, day: date) -> bool:
    """A calendar that lists public holidays, but none in ``day``'s year."""
    years = {holiday.year for holiday in cal.holidays}
    return bool(years) and day.year not in years


def _uncovered_issue(cal_id: str, year: int) -> Issue:
    message = (
        f"calendar {cal_id} lists no holidays for {year}: due dates in {year} count public "
        "holidays as working days"
    )
    hint = f"add {year}'s public holidays and 调休 days to {CALENDARS_FILE}"
    return Issue(CALENDARS_FILE, None, cal_id, "P011", message, hint, severity=Severity.WARNING)


def schedule_for(registry: Registry, reports: Iterable[Report], today: date) -> Schedule:
    """``build_schedule`` with the registry's calendars; their Issues are included."""
    calendars, cal_issues = parse_calendars(registry.calendars)
    schedule = build_schedule(registry, reports, calendars, today)
    schedule.issues[:0] = cal_issues
    return schedule


_GroupKey = tuple[str, str, str]  # customer, category, period text


def _group_reports(reports: Iterable[Report]) -> dict[_GroupKey, list[Report]]:
    groups: dict[_GroupKey, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.number):
        key = (report.customer, report.category.value, report.period.text)
        groups.setdefault(key, []).append(report)
    return groups


def _calendar_of(registry: Registry, customer: str, calendars: Mapping[str, Calendar]) -> Calendar:
    found = registry.customers.get(customer)
    if found is None or found.calendar is None:
        return DEFAULT_CALENDAR
    return calendars.get(str(found.calendar), DEFAULT_CALENDAR)


def _items_of(
    entry: PlanEntry,
    registry: Registry,
    groups: Mapping[_GroupKey, list[Report]],
    cal: Calendar,
    today: date,
) -> list[PlanItem]:
    if entry.is_periodic:
        periods = planned_periods(entry, today)
    else:
        periods = [
            group[0].period
            for (customer, category, _), group in groups.items()
            if customer == entry.customer and category == entry.category
        ]
    return [
        _item(entry, registry, period, groups.get(_key(entry, period), []), cal, today)
        for period in periods
    ]


def _key(entry: PlanEntry, period: Period) -> _GroupKey:
    return (entry.customer, entry.category, period.text)


def _item(
    entry: PlanEntry,
    registry: Registry,
    period: Period,
    group: list[Report],
    cal: Calendar,
    today: date,
) -> PlanItem:
    due = due_date(entry.due, period, cal) if entry.due is not None else None
    issued_reports = [r for r in group if r.status.is_issued and r.issued is not None]
    first = min(issued_reports, key=lambda r: (r.issued, r.number)) if issued_reports else None
    issued = first.issued if first is not None else None
    in_work = group[-1] if group else None
    report = first or in_work
    return PlanItem(
        customer=entry.customer,
        entry_id=entry.id,
        category=entry.category,
        period=period,
        title=report.title if report is not None else _planned_title(entry, registry, period),
        due=due,
        state=classify(due, issued, today),
        report=report.number if report is not None else None,
        issued=issued,
        reports=tuple(r.number for r in group),
    )


def _planned_title(entry: PlanEntry, registry: Registry, period: Period) -> str:
    customer = registry.customers.get(entry.customer)
    values: dict[str, Any] = {
        "short_name": customer.short_name if customer else entry.customer,
        "name": customer.name if customer else entry.customer,
        "year": period.start.year,
        "month": period.start.month,
        "quarter": (period.start.month - 1) // 3 + 1,
        "period": period.text,
    }
    try:
        return entry.title.format(**values) if entry.title else period.text
    except (KeyError, IndexError, ValueError):
        return entry.title
