"""Plan states: each planned report issued on time, issued late, overdue or not yet due
(``validate.schedule.build_schedule`` holds the plan against the reports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from reportal.issues import Issue
from reportal.model.period import Period


class PlanState(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"
    ISSUED = "issued"  # issued; the plan sets no due date (on-demand special reports)

    @property
    def is_done(self) -> bool:
        return self in (PlanState.ON_TIME, PlanState.LATE, PlanState.ISSUED)


@dataclass(frozen=True)
class PlanItem:
    """One planned report and how it stands on ``today``.

    ``reports`` lists every report number for this planned report, oldest first (an original
    and its amendments); ``report`` is the one whose first issue counts (or the one in work).
    """

    customer: str
    entry_id: str
    category: str
    period: Period
    title: str
    due: date | None
    state: PlanState
    report: str | None = None
    issued: date | None = None
    reports: tuple[str, ...] = ()

    @property
    def days_late(self) -> int | None:
        if self.due is None or self.issued is None:
            return None
        return max((self.issued - self.due).days, 0)


@dataclass
class Schedule:
    today: date
    items: list[PlanItem] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def for_customer(self, customer: str | None) -> list[PlanItem]:
        return [i for i in self.items if customer is None or i.customer == customer]

    def item_of(self, number: str) -> PlanItem | None:
        return next((i for i in self.items if number in i.reports), None)

    def due_within(self, days: int, customer: str | None = None) -> list[PlanItem]:
        """Open items (not issued) whose due date is at most ``days`` days from today."""
        limit = self.today + timedelta(days=days)
        return [
            i
            for i in self.for_customer(customer)
            if not i.state.is_done and i.due is not None and i.due <= limit
        ]


def classify(due: date | None, issued: date | None, today: date) -> PlanState:
    """The state of one planned report. Issued on the due date counts as on time."""
    if issued is not None:
        if due is None:
            return PlanState.ISSUED
        return PlanState.ON_TIME if issued <= due else PlanState.LATE
    if due is not None and today > due:
        return PlanState.OVERDUE
    return PlanState.NOT_DUE
