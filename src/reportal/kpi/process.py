"""Process KPIs of the reporting process itself (报告过程指标).

- on-time rate: planned reports issued by their due date / planned reports already due
  (issued on time + issued late + overdue). Not-yet-due and on-demand reports do not count.
- first-pass approval rate: reports approved in the first review round / reports whose review
  history is known. The history comes from an optional ``review_rounds`` value per report
  (1 = approved first time); without it the rate is "not available", never a guess.
- amendments: reports that supersede an earlier one.

Pure: a Schedule and reports in, frozen values out. Grouped per customer and overall, and by
quarter of the due date for the trend.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from reportal.model.report import Report
from reportal.model.schedule import PlanItem, PlanState, Schedule

OVERALL = "*"


@dataclass(frozen=True)
class ProcessKpis:
    """Counts and rates for one group of planned reports (a customer, all, or one quarter)."""

    group: str
    due: int  # planned reports already due (on time + late + overdue)
    on_time: int
    late: int
    overdue: int
    not_due: int
    amendments: int
    reviewed: int  # reports with a known review history
    first_pass: int  # of those, approved in the first round

    @property
    def on_time_rate(self) -> float | None:
        return 100.0 * self.on_time / self.due if self.due else None

    @property
    def first_pass_rate(self) -> float | None:
        return 100.0 * self.first_pass / self.reviewed if self.reviewed else None


def review_rounds_of(report: Report) -> int | None:
    """The report's number of review rounds, when its front matter records one."""
    return report.review_rounds


def compute_process_kpis(
    group: str,
    items: Iterable[PlanItem],
    reports: Iterable[Report],
    rounds: Callable[[Report], int | None] = review_rounds_of,
) -> ProcessKpis:
    items = list(items)
    reports = list(reports)
    states = [i.state for i in items]
    known = [n for n in (rounds(r) for r in reports if r.status.is_issued) if n is not None]
    on_time, late, overdue = (states.count(s) for s in _DUE_STATES)
    return ProcessKpis(
        group=group,
        due=on_time + late + overdue,
        on_time=on_time,
        late=late,
        overdue=overdue,
        not_due=states.count(PlanState.NOT_DUE),
        amendments=sum(1 for r in reports if r.supersedes),
        reviewed=len(known),
        first_pass=sum(1 for n in known if n == 1),
    )


_DUE_STATES = (PlanState.ON_TIME, PlanState.LATE, PlanState.OVERDUE)


def process_kpis_by_customer(
    schedule: Schedule, reports: Iterable[Report], customers: Iterable[str]
) -> dict[str, ProcessKpis]:
    """Per customer, then ``OVERALL`` (the customers given, together)."""
    reports = list(reports)
    customers = list(customers)
    result = {
        c: compute_process_kpis(
            c, schedule.for_customer(c), [r for r in reports if r.customer == c]
        )
        for c in customers
    }
    items = [i for i in schedule.items if i.customer in customers]
    mine = [r for r in reports if r.customer in customers]
    result[OVERALL] = compute_process_kpis(OVERALL, items, mine)
    return result


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def process_trend(
    items: Iterable[PlanItem], reports_by_number: Mapping[str, Report]
) -> list[ProcessKpis]:
    """Process KPIs per quarter of the due date (oldest first); items without a due date skip."""
    by_quarter: dict[str, list[PlanItem]] = {}
    for item in items:
        if item.due is not None:
            by_quarter.setdefault(quarter_of(item.due), []).append(item)
    trend = []
    for quarter in sorted(by_quarter):
        quarter_items = by_quarter[quarter]
        numbers = {n for i in quarter_items for n in i.reports}
        reports = [reports_by_number[n] for n in sorted(numbers) if n in reports_by_number]
        trend.append(compute_process_kpis(quarter, quarter_items, reports))
    return trend
