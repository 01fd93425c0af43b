"""Due-date rules: working days (holidays, 调休), calendar days, month ends, days after."""

from __future__ import annotations

from datetime import date

import pytest

from reportal.model.period import parse_period
from reportal.model.plan import (
    DEFAULT_CALENDAR,
    Calendar,
    DueRule,
    due_date,
    nth_working_day,
    parse_calendars,
    parse_plan,
    planned_periods,
)

CN = Calendar(
    id="cn",
    holidays=frozenset(
        date.fromisoformat(d)
        for d in ("2026-01-01", "2026-01-02", "2026-10-01", "2026-10-02", "2026-10-05",
                  "2026-10-06", "2026-10-07", "2026-05-01", "2026-05-04", "2026-05-05")
    ),
    extra_working_days=frozenset({date(2026, 10, 10), date(2026, 5, 9)}),
)  # fmt: skip


def test_working_day_skips_weekends_with_default_calendar() -> None:
    # March 2026 starts on a Sunday: Mon 2 is the first working day, Fri 6 the fifth.
    assert nth_working_day(2026, 3, 1) == date(2026, 3, 2)
    assert nth_working_day(2026, 3, 5) == date(2026, 3, 6)
    assert nth_working_day(2026, 3, 6) == date(2026, 3, 9)


def test_working_day_skips_holidays() -> None:
    # 1–2 January are holidays, 3–4 a weekend: the fifth working day is Friday 9 January.
    assert nth_working_day(2026, 1, 5, DEFAULT_CALENDAR) == date(2026, 1, 7)
    assert nth_working_day(2026, 1, 5, CN) == date(2026, 1, 9)


def test_adjusted_working_saturday_counts() -> None:
    # Golden week: 1–7 October off; 8, 9 work, Saturday 10 is a 调休 working day, then 12, 13.
    assert nth_working_day(2026, 10, 3, CN) == date(2026, 10, 10)
    assert nth_working_day(2026, 10, 5, CN) == date(2026, 10, 13)
    assert CN.is_working_day(date(2026, 10, 10))
    assert not CN.is_working_day(date(2026, 10, 11))


def test_working_day_rule_uses_month_after_period() -> None:
    rule = DueRule("working_day", 5)
    assert due_date(rule, parse_period("2026-09"), CN) == date(2026, 10, 13)
    assert due_date(rule, parse_period("2026-04"), CN) == date(2026, 5, 11)
    assert due_date(rule, parse_period("2026-Q3"), CN) == date(2026, 10, 13)
    assert due_date(rule, parse_period("2025-12"), CN) == date(2026, 1, 9)


def test_calendar_day_rule_and_month_end_clamp() -> None:
    assert due_date(DueRule("calendar_day", 10), parse_period("2026-10")) == date(2026, 11, 10)
    # December's following month is January of the next year.
    assert due_date(DueRule("calendar_day", 10), parse_period("2025-12")) == date(2026, 1, 10)
    # Day 31 in a 28-day February is the month's last day.
    assert due_date(DueRule("calendar_day", 31), parse_period("2026-01")) == date(2026, 2, 28)
    assert due_date(DueRule("calendar_day", 30), parse_period("2027-12")) == date(2028, 1, 30)


def test_days_after_rule_counts_from_period_end() -> None:
    period = parse_period("2026-07-14..2026-07-15")
    assert due_date(DueRule("days_after", 5), period) == date(2026, 7, 20)
    assert due_date(DueRule("days_after", 0), period) == date(2026, 7, 15)
    # across a month end and a leap day
    assert due_date(DueRule("days_after", 3), parse_period("2028-02")) == date(2028, 3, 3)


def test_calendar_weekdays_are_configurable() -> None:
    six_days = Calendar(weekdays=frozenset(range(6)))
    assert nth_working_day(2026, 3, 6, six_days) == date(2026, 3, 7)  # Saturday counts


def test_parse_calendars_reads_demo_shape() -> None:
    raw = {
        "cn": {
            "working_days": ["mon", "tue", "wed", "thu", "fri"],
            "holidays": [date(2026, 1, 1), "2026-01-02"],
            "extra_working_days": ["2026-02-14"],
        }
    }
    calendars, issues = parse_calendars(raw)
    assert issues == []
    cal = calendars["cn"]
    assert cal.holidays == {date(2026, 1, 1), date(2026, 1, 2)}
    assert cal.is_working_day(date(2026, 2, 14))  # a Saturday


def test_parse_calendars_reports_bad_values() -> None:
    _, issues = parse_calendars({"cn": {"working_days": ["monday", "funday"], "holidays": ["x"]}})
    assert [(i.field, i.code) for i in issues] == [
        ("cn.working_days", "P003"),
        ("cn.holidays", "P003"),
    ]
    assert "'funday'" in issues[0].message


def test_parse_plan_and_planned_periods() -> None:
    raw = {
        "acme": [
            {"id": "monthly", "category": "regular", "frequency": "monthly",
             "due": {"rule": "working_day", "n": 5}, "start": "2026-10"},
            {"id": "q", "category": "regular", "frequency": "quarterly",
             "due": {"rule": "calendar_day", "n": 15}, "start": "2026-01"},
            {"id": "incident", "category": "incident", "frequency": "on_event",
             "due": {"rule": "days_after", "n": 5}},
        ]
    }  # fmt: skip
    entries, issues = parse_plan(raw)
    assert issues == []
    monthly, quarterly, incident = entries
    today = date(2026, 12, 1)
    assert [p.text for p in planned_periods(monthly, today)] == ["2026-10", "2026-11", "2026-12"]
    assert [p.text for p in planned_periods(quarterly, today)] == [
        "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4",
    ]  # fmt: skip
    assert planned_periods(incident, today) == []


@pytest.mark.parametrize(
    ("entry", "field", "code"),
    [
        ({"id": "m", "frequency": "monthly", "start": "2026-01"}, "acme.0", "P005"),
        ({"id": "m", "frequency": "weekly"}, "acme.0.frequency", "P003"),
        ({"id": "m", "due": {"rule": "working_days", "n": 5}}, "acme.0.due.rule", "P003"),
        ({"id": "m", "due": {"rule": "working_day", "n": 40}}, "acme.0.due.n", "P003"),
        ({"id": "m", "due": {"rule": "days_after", "n": "five"}}, "acme.0.due.n", "P003"),
        ({"id": "m", "start": "2026-13"}, "acme.0.start", "P004"),
        ({"title": "no id"}, "acme.0", "P002"),
    ],
)
def test_parse_plan_reports_bad_entries(entry: dict, field: str, code: str) -> None:
    entries, issues = parse_plan({"acme": [entry]})
    assert entries == []
    assert [(i.file, i.field, i.code) for i in issues] == [("data/plan.yml", field, code)]


def test_demo_plan_parses(repo_root) -> None:
    import yaml

    entries, issues = parse_plan(yaml.safe_load((repo_root / "data/plan.yml").read_text("utf-8")))
    calendars, cal_issues = parse_calendars(
        yaml.safe_load((repo_root / "data/calendars.yml").read_text("utf-8"))
    )
    assert issues == [] and cal_issues == []
    assert {(e.customer, e.id) for e in entries} >= {
        ("huaxin", "monthly"),
        ("dingsheng", "monthly"),
    }
    assert "cn-mainland" in calendars
