"""Schedule: the report plan held against the reports -> one state per planned report.

Each planned report (a periodic entry's period, or an incident/special report that exists) is
issued on time, issued late, overdue, or not yet due, given ``today`` (always injected, so
tests and ``reportal plan --today`` can pin it). An amendment (``supersedes``) belongs to the
planned report of the original: timeliness is judged on the first issue.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

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
from reportal.model.schedule import PlanItem, Schedule, classify


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
