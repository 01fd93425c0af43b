"""The SLA clock in business hours (weekends, holidays, 调休 working days) and paused time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from kpi_fixtures import REGISTRY_FILES, write

from reportal.kpi.clock import BusinessCalendar, business_calendars, business_hours, parse_calendar
from reportal.kpi.engine import KpiEngine
from reportal.model.period import parse_period
from reportal.validate.registry_checks import load_registry


@pytest.fixture(scope="module")
def cn(repo_root: Path) -> BusinessCalendar:
    calendars = business_calendars(load_registry(repo_root)[0].calendars)
    return calendars["cn-mainland"]  # 09:00-18:00, Mon-Fri, CN holidays


def hours(cal: BusinessCalendar, start: str, end: str) -> float:
    result = business_hours(pd.Series([pd.Timestamp(start)]), pd.Series([pd.Timestamp(end)]), cal)
    return float(result.iloc[0])


def test_same_working_day(cn: BusinessCalendar) -> None:
    assert hours(cn, "2026-04-08 10:00", "2026-04-08 15:30") == 5.5


def test_outside_hours_count_from_opening_time(cn: BusinessCalendar) -> None:
    # opened Wed 20:00 -> clock starts Thu 09:00; resolved Thu 10:00
    assert hours(cn, "2026-04-08 20:00", "2026-04-09 10:00") == 1.0


def test_across_a_weekend(cn: BusinessCalendar) -> None:
    # Fri 2026-04-10 17:00 -> Mon 04-13 10:00: Fri 1 h + Mon 1 h
    assert hours(cn, "2026-04-10 17:00", "2026-04-13 10:00") == 2.0


def test_across_a_weekend_and_a_holiday(cn: BusinessCalendar) -> None:
    # Fri 04-03 17:00 -> Tue 04-07 10:00: Fri 1 h, Sat/Sun off, Mon 04-06 清明 off, Tue 1 h
    assert hours(cn, "2026-04-03 17:00", "2026-04-07 10:00") == 2.0


def test_extra_working_day_on_a_weekend(cn: BusinessCalendar) -> None:
    # Sat 2026-02-14 is a 调休 working day: 09:00-18:00 counts
    assert hours(cn, "2026-02-13 17:00", "2026-02-14 12:00") == 1.0 + 3.0


def test_missing_end_is_nan(cn: BusinessCalendar) -> None:
    result = business_hours(
        pd.Series([pd.Timestamp("2026-04-08 10:00")]),
        pd.Series([pd.NaT], dtype="datetime64[us]"),
        cn,
    )
    assert result.isna().all()


def test_custom_calendar_hours_and_days() -> None:
    cal = parse_calendar(
        "x",
        {
            "working_hours": {"start": "08:00", "end": "12:00"},
            "working_days": ["sat"],
            "holidays": ["2026-04-18"],
        },
    )
    # Sat 04-11 08:00-12:00 = 4 h; Sat 04-18 is a holiday
    assert hours(cal, "2026-04-10 00:00", "2026-04-20 00:00") == 4.0


SOURCE = """\
huaxin:
  tickets:
    path: exports/huaxin/t.csv
    date_format: "%Y-%m-%d %H:%M"
    columns: {id: id, opened: opened, resolved: resolved, prio: priority,
              pending: pending_minutes}
"""
# huaxin: business hours, P1 resolution target 4 h, P3 24 h.
TICKETS = """\
id,opened,resolved,prio,pending
A,2026-04-03 17:00,2026-04-07 11:00,P1,0
B,2026-04-02 10:00,2026-04-02 15:00,P1,0
C,2026-04-08 10:00,2026-04-08 16:00,P1,120
"""


def test_business_hours_sla_with_pause(tmp_path: Path, repo_root: Path) -> None:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    root = write(
        tmp_path, {**registry, "data/sources.yml": SOURCE, "data/exports/huaxin/t.csv": TICKETS}
    )
    engine = KpiEngine(root)
    result = engine.result("huaxin", parse_period("2026-04"), "sla.resolution")
    # A: Fri 1 h + (Sat, Sun, 清明 Mon) + Tue 2 h = 3 h <= 4 met (90 wall-clock hours)
    # B: 5 business hours > 4 missed
    # C: 6 h minus 2 h pending = 4 h <= 4 met
    assert result.value.value == pytest.approx(200 / 3)
    basis = engine.customer_data("huaxin").sla_basis
    assert basis is not None and basis.resolution == "clock" and basis.pauses
    # the note names working days and hours as a reader says them, not the calendar's config
    assert basis.describe("zh").endswith(
        "计时：业务时间（周一至周五 09:00–18:00，法定节假日除外，调休工作日照常计时），扣除挂起时长"
    )
    assert "business hours (Mon–Fri 09:00–18:00, except public holidays)" in basis.describe("en")
    assert "cn-mainland" not in basis.describe("zh") + basis.describe("en")


def test_the_sla_basis_is_kept_on_disk_and_read_back_without_the_export(
    tmp_path: Path, repo_root: Path
) -> None:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    root = write(
        tmp_path, {**registry, "data/sources.yml": SOURCE, "data/exports/huaxin/t.csv": TICKETS}
    )
    cache = tmp_path / "cache"
    first = KpiEngine(root, cache)
    first.result("huaxin", parse_period("2026-04"), "sla.resolution")  # the tickets are loaded
    computed = first.sla_basis("huaxin")  # from them, and kept on disk too
    assert computed == first.customer_data("huaxin").sla_basis
    assert computed is not None and computed.calendar is not None and computed.pauses
    again = KpiEngine(root, cache)
    assert again.sla_basis("huaxin") == computed
    assert again.files_read == 0 and "huaxin" not in again._data  # no export loaded for it
    # the note under the SLA table reads the same from either
    assert again.sla_basis("huaxin").describe("zh") == computed.describe("zh")  # type: ignore[union-attr]
    # tickets without SLA flags or pauses: another basis, under another key (the export's hash)
    (root / "data/exports/huaxin/t.csv").write_text(
        TICKETS.replace(",120\n", ",\n").replace(",0\n", ",\n"), encoding="utf-8"
    )
    changed = KpiEngine(root, cache).sla_basis("huaxin")
    assert changed is not None and not changed.pauses


def test_calendar_values_that_do_not_parse_are_left_out() -> None:
    # reportal check reports them with their lines; the clock must not crash on them
    cal = parse_calendar(
        "broken",
        {
            "working_hours": {"start": "9h", "end": "25:00"},
            "working_days": ["mon", "someday", "fri"],
            "holidays": ["2026-02-30", "2026-10-01", "soon"],
            "extra_working_days": "2026-10-10",
        },
    )
    assert (cal.start_minute, cal.end_minute) == (9 * 60, 18 * 60)
    assert cal.weekdays == frozenset({0, 4})
    assert cal.holidays == frozenset({date(2026, 10, 1)})
    assert cal.extra_working_days == frozenset()


def test_the_clock_uses_the_calendars_the_registry_read(tmp_path: Path, repo_root: Path) -> None:
    # calendars.yml is read once (load_registry), from the data folder reportal.yml names;
    # the clock used to read data/calendars.yml again, whatever data_dir said
    files = {rel.replace("data/", "facts/"): (repo_root / rel).read_text("utf-8")
             for rel in REGISTRY_FILES}  # fmt: skip
    files["reportal.yml"] = files["reportal.yml"].replace("data_dir: data", "data_dir: facts")
    calendars = KpiEngine(write(tmp_path, files)).calendars
    assert date(2026, 10, 1) in calendars["cn-mainland"].holidays
