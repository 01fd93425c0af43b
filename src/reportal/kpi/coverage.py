"""Coverage: which days of a period a source has data for ("27/30 天").

``daily`` sources (calls, availability) must have rows on every day; ``extent`` sources
(tickets, surveys) are covered from their first to their last day of data; ``none`` sources
(actions) are not measured.

Only elapsed days count: a day is measured once it is over (``day < today``), so a draft
written during its own period is judged on the days that have happened. Days still to come
are reported apart (``pending``), never as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from reportal.kpi.sources import SourceSpec
from reportal.model.period import Period


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

    @property
    def complete(self) -> bool:
        return self.mode == "none" or self.covered == self.days

    def text(self, lang: str = "zh") -> str:
        if self.mode == "none":
            return "不适用" if lang == "zh" else "n/a"
        text = f"{self.covered}/{self.days} {'天' if lang == 'zh' else 'days'}"
        if self.pending:
            zh, en = f"（另 {self.pending} 天未到）", f" ({self.pending} to come)"
            text += zh if lang == "zh" else en
        return text

    def missing_text(self) -> str:
        return ", ".join(_ranges(self.missing))


def coverage_of(
    spec: SourceSpec,
    files: tuple[str, ...],
    dates: pd.Series,
    period: Period,
    today: date | None = None,
) -> Coverage:
    """Coverage of ``period``'s elapsed days (all of them when ``today`` is None)."""
    all_days = [period.start + timedelta(days=i) for i in range(period.days)]
    days = [d for d in all_days if today is None or d < today]
    pending = len(all_days) - len(days)
    if spec.coverage == "none":
        return Coverage(spec.table, "none", len(days), len(days), (), files, pending)
    present = {d.date() for d in pd.to_datetime(dates)}
    if spec.coverage == "extent" and present:
        first, last = min(present), max(present)
        covered = {d for d in days if first <= d <= last}
    else:
        covered = {d for d in days if d in present}
    missing = tuple(d for d in days if d not in covered)
    return Coverage(spec.table, spec.coverage, len(days), len(covered), missing, files, pending)


def _ranges(days: tuple[date, ...]) -> list[str]:
    """Consecutive days as ``2026-03-14..2026-03-16``."""
    spans: list[list[date]] = []
    for day in days:
        if spans and day - spans[-1][-1] == timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    return [s[0].isoformat() if len(s) == 1 else f"{s[0]}..{s[-1]}" for s in spans]
