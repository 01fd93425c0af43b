"""The SLA clock: elapsed hours between two timestamps in calendar or business hours.

Business hours come from ``data/calendars.yml``: working hours, working weekdays, public
holidays and extra working days (调休). The computation is vectorised: a cumulative count of
working minutes per day turns "working minutes between a and b" into two array look-ups.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from reportal.model.plan import (
    DEFAULT_CALENDAR,
    Calendar,
    parse_calendars,
)
from reportal.model.strings import text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd


@dataclass(frozen=True)
class BusinessCalendar(Calendar):
    """The plan's working days (``model.plan.Calendar``) plus working hours and a time zone."""

    start_minute: int = 9 * 60
    end_minute: int = 18 * 60
    timezone: str = "Asia/Shanghai"

    @property
    def minutes_per_day(self) -> int:
        return self.end_minute - self.start_minute

    def describe(self, lang: str = "zh") -> str:
        """Working days and hours as a reader says them ("周一至周五 09:00–18:00，节假日除外"),
        never the calendar's id or config keys."""
        start, end = _hhmm(self.start_minute), _hhmm(self.end_minute)
        span = f"{_day_span(sorted(self.weekdays), lang)} {start}–{end}"
        return span + text("calendar.holidays", lang) if self.holidays else span


def _day_span(days: list[int], lang: str) -> str:
    """``周一至周五`` for a run of days, else the days listed (``周一、周三``)."""
    names = text("calendar.weekdays", lang).split()
    if not days:
        return ""
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]}{text('calendar.to', lang)}{names[days[-1]]}"
    return text("calendar.and", lang).join(names[d] for d in days)


def business_calendars(raw: Mapping[str, Any]) -> dict[str, BusinessCalendar]:
    """The business calendars of ``data/calendars.yml`` (``Registry.calendars``, read once by
    the registry). Never raises for bad input: a value that does not parse is left out here
    (``reportal check`` reports it with its line)."""
    return {
        name: parse_calendar(name, spec) for name, spec in raw.items() if isinstance(spec, dict)
    }


def parse_calendar(name: str, raw: dict[str, Any]) -> BusinessCalendar:
    """One calendar; the day rules are the plan's (``parse_calendars``: what does not parse is
    left out, ``reportal check`` reports it), the hours and time zone are the clock's."""
    days = parse_calendars({name: raw})[0].get(name, DEFAULT_CALENDAR)
    hours = raw.get("working_hours")
    hours = hours if isinstance(hours, dict) else {}
    default = BusinessCalendar(name)
    return BusinessCalendar(
        id=name,
        weekdays=days.weekdays,
        holidays=days.holidays,
        extra_working_days=days.extra_working_days,
        start_minute=_minutes(hours.get("start"), default.start_minute),
        end_minute=_minutes(hours.get("end"), default.end_minute),
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
