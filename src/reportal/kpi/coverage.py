"""Coverage: which days of a period a source has data for ("27/30 天").

``daily`` sources (calls, availability) must have their usual rows on every day: a day with
fewer rows than the source usually has per day (the most common count: 48 half-hour call
intervals, one row per system) is partly missing and not covered. ``extent`` sources (tickets,
surveys) are covered from their first to their last day of data; ``none`` sources (actions)
are not measured.

Only elapsed days count: a day is measured once it is over (``day < today``), so a draft
written during its own period is judged on the days that have happened. Days still to come
are reported apart (``pending``), never as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from reportal.kpi.sources import SourceSpec
from reportal.model import strings
from reportal.model.period import Period

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


@dataclass(frozen=True)
class Coverage:
    source: str
    mode: str
    days: int
    covered: int
    missing: tuple[date, ...]
    files: tuple[str, ...]
    pending: int = 0
    """Days of the period that have not ended yet (not counted in ``days``)."""
    partial: tuple[date, ...] = ()
    """Missing days that have some rows, but fewer than usual (also in ``missing``)."""

    @property
    def complete(self) -> bool:
        return self.mode == "none" or self.covered == self.days

    def text(self, lang: str = "zh") -> str:
        if self.mode == "none":
            return strings.text("data_coverage.not_applicable", lang)
        text = strings.text("data_coverage.days", lang, covered=self.covered, days=self.days)
        if self.pending:
            text += strings.text("data_coverage.pending", lang, n=self.pending)
        return text

    def missing_text(self, lang: str = "zh") -> str:
        absent = tuple(day for day in self.missing if day not in self.partial)
        parts = _ranges(absent)
        if self.partial:
            partial = _ranges(self.partial)
            parts += [strings.text("data_coverage.partly_missing", lang, span=s) for s in partial]
        return ", ".join(parts)


def coverage_of(
    spec: SourceSpec,
    files: tuple[str, ...],
    day_counts: pd.Series,
    period: Period,
    today: date | None = None,
) -> Coverage:
    """Coverage of ``period``'s elapsed days (all of them when ``today`` is None), from the
    source's rows per day (``day_counts``, indexed by day, over the whole source)."""
    all_days = [period.start + timedelta(days=i) for i in range(period.days)]
    days = [d for d in all_days if today is None or d < today]
    pending = len(all_days) - len(days)
    if spec.coverage == "none":
        return Coverage(spec.table, "none", len(days), len(days), (), files, pending)
    counts, usual = _per_day(day_counts)
    partial: tuple[date, ...] = ()
    if spec.coverage == "extent" and counts:
        first, last = min(counts), max(counts)
        covered = {d for d in days if first <= d <= last}
    else:
        covered = {d for d in days if counts.get(d, 0) >= usual > 0}
        partial = tuple(d for d in days if 0 < counts.get(d, 0) < usual)
    missing = tuple(d for d in days if d not in covered)
    return Coverage(
        spec.table, spec.coverage, len(days), len(covered), missing, files, pending, partial
    )


_PER_DAY: dict[int, tuple[pd.Series, dict[date, int], int]] = {}


def _per_day(day_counts: pd.Series) -> tuple[dict[date, int], int]:
    """Rows per day as a dict, and the usual (most frequent) count; once per loaded source, not
    once per report (a source holds years of days; a portal asks for every month of them)."""
    held = _PER_DAY.get(id(day_counts))
    if held is not None and held[0] is day_counts:
        return held[1], held[2]
    counts = {pd.Timestamp(day).date(): int(n) for day, n in day_counts.items()}
    usual = int(pd.Series(list(counts.values())).mode().max()) if counts else 0
    if len(_PER_DAY) > 4096:
        _PER_DAY.clear()
    _PER_DAY[id(day_counts)] = (day_counts, counts, usual)
    return counts, usual


def _ranges(days: tuple[date, ...]) -> list[str]:
    """Consecutive days as ``2026-03-14..2026-03-16``."""
    spans: list[list[date]] = []
    for day in days:
        if spans and day - spans[-1][-1] == timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    return [s[0].isoformat() if len(s) == 1 else f"{s[0]}..{s[-1]}" for s in spans]
