"""Reporting periods: ``2026-10`` (month), ``2026-Q3`` (quarter), ``2026`` (year), or a date
range ``2026-10-03..2026-10-05`` (incident and ad-hoc reports)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)  # ASCII: \d alone matches ０-９, ٠-٩
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$", re.ASCII)

PERIOD_FORMATS = "YYYY-MM, YYYY-Qn, YYYY or a date range YYYY-MM-DD..YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class Period:
    """A closed interval of days, with the text it was written as."""

    start: date
    end: date
    text: str
    kind: str  # "month" | "quarter" | "year" | "range"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self, count: int = 1) -> list[Period]:
        """The ``count`` periods of the same kind ending with this one (oldest first)."""
        periods = [self]
        for _ in range(count - 1):
            periods.insert(0, periods[0].shift(-1))
        return periods

    def shift(self, step: int) -> Period:
        """The period of the same kind ``step`` periods later (earlier when negative)."""
        if self.kind == "month":
            year, month = divmod(self.start.year * 12 + self.start.month - 1 + step, 12)
            return month_period(year, month + 1)
        if self.kind == "quarter":
            year, quarter = divmod(self.start.year * 4 + (self.start.month - 1) // 3 + step, 4)
            return parse_period(f"{year}-Q{quarter + 1}")
        if self.kind == "year":
            return parse_period(str(self.start.year + step))
        span = timedelta(days=self.days * step)
        start, end = self.start + span, self.end + span
        return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", "range")


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), f"{year}-{month:02d}", "month")


def parse_period(text: str) -> Period:
    """Parse a period; raise ``ValueError`` with a readable message when it is not one."""
    text = text.strip()
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f'"{text}" is not a period (month {month} does not exist)')
        return month_period(year, month)
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
        start = date(year, 3 * quarter - 2, 1)
        end = month_period(year, 3 * quarter).end
        return Period(start, end, text, "quarter")
    if match := _YEAR.match(text):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), text, "year")
    if match := _RANGE.match(text):
        start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        if end < start:
            raise ValueError(f'"{text}" ends before it starts')
        return Period(start, end, f"{match[1]}..{match[2]}", "range")
    raise ValueError(f'"{text}" is not a period (expected {PERIOD_FORMATS})')
