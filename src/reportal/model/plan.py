"""The report plan (服务报告计划): plan entries, business calendars and due-date rules.

Pure: mappings in (the parsed ``data/plan.yml`` and ``data/calendars.yml``), frozen values and
Issues out. Due rules:

- ``working_day N``: the Nth working day of the month after the period ends;
- ``calendar_day N``: day N of the month after the period ends (the month's last day if shorter);
- ``days_after N``: N calendar days after the last day of the period (incident reports).

Working days follow a calendar: its weekdays, minus holidays, plus adjusted working days (调休).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from reportal.issues import Issue
from reportal.model.period import Period, month_period, parse_period
from reportal.model.strings import text

PLAN_FILE = "data/plan.yml"
CALENDARS_FILE = "data/calendars.yml"
DUE_RULES = ("working_day", "calendar_day", "days_after")
FREQUENCIES = ("monthly", "quarterly", "annual", "on_event", "on_demand")
PERIODIC = {"monthly": "month", "quarterly": "quarter", "annual": "year"}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Calendar:
    """Which days are working days: weekdays (0 = Monday) minus holidays plus extra days."""

    id: str = "default"
    weekdays: frozenset[int] = frozenset(range(5))
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def working_days(self, start: date) -> Iterator[date]:
        """Working days from ``start`` (inclusive) onwards."""
        day = start
        while True:
            if self.is_working_day(day):
                yield day
            day += timedelta(days=1)


DEFAULT_CALENDAR = Calendar()


@dataclass(frozen=True)
class DueRule:
    rule: str  # one of DUE_RULES
    n: int

    def describe(self, lang: str = "zh") -> str:
        """The rule as the plan page says it ("次月第 5 个工作日")."""
        return text(f"due_rule.{self.rule}", lang, n=self.n)


@dataclass(frozen=True)
class PlanEntry:
    """One line of the plan: a kind of report a customer receives, and when it is due."""

    customer: str
    id: str
    category: str
    frequency: str
    title: str = ""
    author: str | None = None
    approver: str | None = None
    reviewer: str | None = None
    due: DueRule | None = None
    start: Period | None = None
    end: Period | None = None
    line: int | None = field(default=None, compare=False)

    @property
    def is_periodic(self) -> bool:
        return self.frequency in PERIODIC


def next_month_start(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def nth_working_day(year: int, month: int, n: int, cal: Calendar = DEFAULT_CALENDAR) -> date:
    """The ``n``-th (1-based) working day of ``year-month``; it may fall in a later month."""
    days = cal.working_days(date(year, month, 1))
    for _ in range(n - 1):
        next(days)
    return next(days)


def due_date(rule: DueRule, period: Period, cal: Calendar = DEFAULT_CALENDAR) -> date:
    """When the report for ``period`` is due under ``rule``."""
    if rule.rule == "days_after":
        return period.end + timedelta(days=rule.n)
    following = next_month_start(period.end)
    if rule.rule == "calendar_day":
        last = _calendar.monthrange(following.year, following.month)[1]
        return following.replace(day=min(rule.n, last))
    return nth_working_day(following.year, following.month, rule.n, cal)


def planned_periods(entry: PlanEntry, today: date) -> list[Period]:
    """The periods of a periodic entry from its start up to the one containing ``today``."""
    if not entry.is_periodic or entry.start is None:
        return []
    periods: list[Period] = []
    current = _first_period(entry.start, PERIODIC[entry.frequency])
    while current.start <= today and (entry.end is None or current.start <= entry.end.end):
        periods.append(current)
        current = current.shift(1)
    return periods


def _first_period(start: Period, kind: str) -> Period:
    day = start.start
    if kind == "month":
        return month_period(day.year, day.month)
    if kind == "quarter":
        return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    return parse_period(str(day.year))


# ---- parsing the YAML mappings -------------------------------------------------------------


def parse_calendars(
    raw: Mapping[str, Any], file: str = CALENDARS_FILE
) -> tuple[dict[str, Calendar], list[Issue]]:
    """``data/calendars.yml`` (already YAML-loaded) -> calendars by id, and Issues."""
    calendars: dict[str, Calendar] = {}
    issues: list[Issue] = []
    for cal_id, spec in (raw or {}).items():
        if not isinstance(spec, Mapping):
            issues.append(Issue(file, None, str(cal_id), "P010", "expected a mapping"))
            continue
        calendars[str(cal_id)] = _calendar_from(str(cal_id), spec, file, issues)
    return calendars, issues


def _calendar_from(
    cal_id: str, spec: Mapping[str, Any], file: str, issues: list[Issue]
) -> Calendar:
    names = spec.get("working_days") or list(WEEKDAYS[:5])
    weekdays = set()
    for name in names:
        if str(name).lower()[:3] in WEEKDAYS:
            weekdays.add(WEEKDAYS.index(str(name).lower()[:3]))
        else:
            issues.append(_bad(file, f"{cal_id}.working_days", name, "mon, tue, … sun"))
    return Calendar(
        id=cal_id,
        weekdays=frozenset(weekdays),
        holidays=_dates(spec.get("holidays"), f"{cal_id}.holidays", file, issues),
        extra_working_days=_dates(
            spec.get("extra_working_days"), f"{cal_id}.extra_working_days", file, issues
        ),
    )


def _dates(values: Any, where: str, file: str, issues: list[Issue]) -> frozenset[date]:
    result: set[date] = set()
    for value in values or []:
        if isinstance(value, date):
            result.add(value)
            continue
        try:
            result.add(date.fromisoformat(str(value)))
        except ValueError:
            issues.append(_bad(file, where, value, "a date YYYY-MM-DD"))
    return frozenset(result)


def parse_plan(
    raw: Mapping[str, Any], file: str = PLAN_FILE
) -> tuple[list[PlanEntry], list[Issue]]:
    """``data/plan.yml`` (already YAML-loaded) -> plan entries, and Issues for bad entries."""
    entries: list[PlanEntry] = []
    issues: list[Issue] = []
    for customer, items in (raw or {}).items():
        if not isinstance(items, list):
            issues.append(Issue(file, None, str(customer), "P001", "expected a list of entries"))
            continue
        for index, item in enumerate(items):
            entry = _entry_from(str(customer), index, item, file, issues)
            if entry is not None:
                entries.append(entry)
    return entries, issues


def _entry_from(
    customer: str, index: int, item: Any, file: str, issues: list[Issue]
) -> PlanEntry | None:
    where = f"{customer}.{index}"
    if not isinstance(item, Mapping) or "id" not in item:
        issues.append(Issue(file, None, where, "P002", "a plan entry needs at least `id`"))
        return None
    before = len(issues)
    frequency = str(item.get("frequency", "on_demand"))
    if frequency not in FREQUENCIES:
        issues.append(_bad(file, f"{where}.frequency", frequency, ", ".join(FREQUENCIES)))
    due = _due_from(item.get("due"), f"{where}.due", file, issues)
    start = _period_from(item.get("start"), f"{where}.start", file, issues)
    end = _period_from(item.get("end"), f"{where}.end", file, issues)
    if frequency in PERIODIC and (start is None or due is None) and len(issues) == before:
        issues.append(
            Issue(file, None, where, "P005", f"a {frequency} entry needs `start` and `due`",
                  hint="for example `due: {rule: working_day, n: 5}` and `start: 2025-11`")
        )  # fmt: skip
    if len(issues) > before:
        return None
    return PlanEntry(
        customer=customer,
        id=str(item["id"]),
        category=str(item.get("category", "regular")),
        frequency=frequency,
        title=str(item.get("title", "")),
        author=_opt_str(item.get("author")),
        approver=_opt_str(item.get("approver")),
        reviewer=_opt_str(item.get("reviewer")),
        due=due,
        start=start,
        end=end,
    )


def _due_from(value: Any, where: str, file: str, issues: list[Issue]) -> DueRule | None:
    if value is None:
        return None
    rule = value.get("rule") if isinstance(value, Mapping) else None
    n = value.get("n") if isinstance(value, Mapping) else None
    if isinstance(n, str) and n.strip().isascii() and n.strip().isdigit():
        n = int(n)  # the registry reader keeps scalars as strings until the schema coerces
    if rule not in DUE_RULES:
        issues.append(_bad(file, f"{where}.rule", rule, ", ".join(DUE_RULES)))
        return None
    if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 366:
        issues.append(_bad(file, f"{where}.n", n, "a whole number of days, 0–366"))
        return None
    if rule != "days_after" and not 1 <= n <= 31:
        issues.append(_bad(file, f"{where}.n", n, "a day of the month, 1–31"))
        return None
    return DueRule(rule, n)


def _period_from(value: Any, where: str, file: str, issues: list[Issue]) -> Period | None:
    if value is None:
        return None
    try:
        return parse_period(str(value))
    except ValueError as error:
        issues.append(Issue(file, None, where, "P004", str(error)))
        return None


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _bad(file: str, where: str, value: Any, expected: str) -> Issue:
    return Issue(file, None, where, "P003", f"{value!r} is not valid (expected {expected})")
