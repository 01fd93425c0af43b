"""The SLA clock: elapsed hours between two timestamps in calendar or business hours.

Business hours come from ``data/calendars.yml``: working hours, working weekdays, public
holidays and extra working days (调休). The computation is vectorised: a cumulative count of
working minutes per day turns "working minutes between a and b" into two array look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from reportal.model.frontmatter import parse_yaml_document

CALENDARS_FILE = "data/calendars.yml"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BusinessCalendar:
    name: str
    start_minute: int = 9 * 60
    end_minute: int = 18 * 60
    weekdays: frozenset[int] = frozenset(range(5))
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    timezone: str = "Asia/Shanghai"

    @property
    def minutes_per_day(self) -> int:
        return self.end_minute - self.start_minute

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() in self.weekdays and day not in self.holidays

    def describe(self) -> str:
        start, end = _hhmm(self.start_minute), _hhmm(self.end_minute)
        days = "/".join(_WEEKDAYS[d] for d in sorted(self.weekdays))
        return f"{self.name}: {days} {start}-{end}, {len(self.holidays)} holidays"


def load_calendars(root: Path) -> dict[str, BusinessCalendar]:
    """The business calendars of ``data/calendars.yml``. Never raises for bad input: a value
    that does not parse is left out here (``reportal check`` reports it with its line)."""
    path = root / CALENDARS_FILE
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    data = parse_yaml_document(text, CALENDARS_FILE).data
    return {name: parse_calendar(name, raw) for name, raw in data.items() if isinstance(raw, dict)}


def parse_calendar(name: str, raw: dict[str, Any]) -> BusinessCalendar:
    hours = raw.get("working_hours")
    hours = hours if isinstance(hours, dict) else {}
    days = raw.get("working_days") or list(_WEEKDAYS[:5])
    weekdays = {str(day).lower()[:3] for day in days} if isinstance(days, list) else set()
    default = BusinessCalendar(name)
    return BusinessCalendar(
        name=name,
        start_minute=_minutes(hours.get("start"), default.start_minute),
        end_minute=_minutes(hours.get("end"), default.end_minute),
        weekdays=frozenset(_WEEKDAYS.index(day) for day in weekdays if day in _WEEKDAYS),
        holidays=_dates(raw.get("holidays")),
        extra_working_days=_dates(raw.get("extra_working_days")),
        timezone=str(raw.get("timezone", default.timezone)),
    )


def calendar_hours(start: pd.Series, end: pd.Series) -> pd.Series:
    """Wall-clock hours from ``start`` to ``end`` (NaN where either is missing)."""
    return (end - start).dt.total_seconds() / 3600.0


def business_hours(start: pd.Series, end: pd.Series, calendar: BusinessCalendar) -> pd.Series:
    """Working hours of ``calendar`` between ``start`` and ``end`` (NaN where missing)."""
    valid = start.notna() & end.notna()
    result = pd.Series(np.nan, index=start.index, dtype="float64")
    if not valid.any():
        return result
    s = start[valid].to_numpy(dtype="datetime64[m]")
    e = end[valid].to_numpy(dtype="datetime64[m]")
    origin = min(s.min(), e.min()).astype("datetime64[D]")
    last = max(s.max(), e.max()).astype("datetime64[D]")
    cumulative, working = _working_minutes_table(origin, last, calendar)
    minutes = _position(e, origin, cumulative, working, calendar) - _position(
        s, origin, cumulative, working, calendar
    )
    result[valid] = minutes / 60.0
    return result


def _working_minutes_table(
    origin: np.datetime64, last: np.datetime64, calendar: BusinessCalendar
) -> tuple[np.ndarray, np.ndarray]:
    days = np.arange(origin, last + np.timedelta64(1, "D"), dtype="datetime64[D]")
    working = np.array([calendar.is_working_day(d) for d in days.astype(date)], dtype=bool)
    per_day = working * calendar.minutes_per_day
    cumulative = np.concatenate(([0], np.cumsum(per_day)))
    return cumulative, working


def _position(
    stamps: np.ndarray,
    origin: np.datetime64,
    cumulative: np.ndarray,
    working: np.ndarray,
    calendar: BusinessCalendar,
) -> np.ndarray:
    """Working minutes from ``origin`` to each stamp."""
    day = stamps.astype("datetime64[D]")
    index = (day - origin).astype(int)
    minute = (stamps - day).astype(int)
    inside = np.clip(minute - calendar.start_minute, 0, calendar.minutes_per_day)
    return cumulative[index] + inside * working[index]


def _minutes(value: object, default: int) -> int:
    """Minutes since midnight of ``HH:MM`` (``default`` when it is not a valid time)."""
    hours, _, minutes = str(value).partition(":")
    try:
        total = int(hours) * 60 + int(minutes or 0)
    except ValueError:
        return default
    return total if 0 <= total <= 24 * 60 else default


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _dates(values: object) -> frozenset[date]:
    """The valid ``YYYY-MM-DD`` dates among ``values`` (a list); others are left out."""
    found = set()
    for value in values if isinstance(values, list) else []:
        try:
            found.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            continue
    return frozenset(found)
