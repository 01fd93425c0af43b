"""What a KPI function sees: the customer's canonical tables (with derived SLA columns) and
one period. Derived columns are computed once per customer, not once per period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from reportal.issues import Issue
from reportal.kpi.canonical import PRIORITIES
from reportal.kpi.clock import BusinessCalendar, business_hours, calendar_hours
from reportal.kpi.definition_set import KpiDefinition, KpiValue
from reportal.model import strings
from reportal.model.period import Period
from reportal.model.registry import Customer

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd

SLA_BASIS_FLAG = "flag"
SLA_BASIS_CLOCK = "clock"


@dataclass(frozen=True)
class SlaBasis:
    """How SLA attainment is decided for a customer, shown with the KPI."""

    resolution: str  # "flag" (exported SLA met) or "clock" (computed from targets)
    response: str
    clock: str  # "24x7" or the calendar's id
    pauses: bool  # whether recorded pending time is taken off the clock
    calendar: BusinessCalendar | None = None  # the business calendar, when clock is not 24x7

    def parts(self) -> dict[str, str | bool]:
        """What a cache keeps of it (the calendar is the customer's, found again by its id)."""
        return {
            "resolution": self.resolution,
            "response": self.response,
            "clock": self.clock,
            "pauses": self.pauses,
        }

    @classmethod
    def from_parts(cls, parts: dict[str, Any], calendar: BusinessCalendar | None) -> SlaBasis:
        clock = str(parts["clock"])
        business = clock != "24x7" and calendar is not None and calendar.id == clock
        return cls(
            resolution=str(parts["resolution"]),
            response=str(parts["response"]),
            clock=clock,
            pauses=bool(parts["pauses"]),
            calendar=calendar if business else None,
        )

    def describe(self, lang: str = "zh") -> str:
        hours = self.calendar.describe(lang) if self.calendar else self.clock
        if self.clock == "24x7":
            clock = strings.text("sla_basis.24x7", lang)
        else:
            clock = strings.text("sla_basis.business", lang, hours=hours)
        return strings.text(
            "sla_basis.line",
            lang,
            response=strings.text(f"sla_basis.{self.response}", lang),
            resolution=strings.text(f"sla_basis.{self.resolution}", lang),
            clock=clock,
            pause=strings.text("sla_basis.pause", lang) if self.pauses else "",
        )


@dataclass
class CustomerData:
    customer: Customer
    tables: dict[str, pd.DataFrame]
    sla_basis: SlaBasis | None = None
    threshold_seconds: float = 20
    cache: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # table -> first error code
    min_sample: int = 30  # tickets: a cohort share over fewer tickets is marked

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    def array(self, name: str, column: str) -> np.ndarray:
        """A datetime column as a numpy array (NaT never compares true), cached."""
        key = f"array:{name}:{column}"
        cached = self.cache.get(key)
        if cached is None:
            frame = self.tables[name]
            cached = frame[column].to_numpy(dtype="datetime64[us]")
            self.cache[key] = cached
        assert isinstance(cached, np.ndarray)
        return cached


@dataclass(frozen=True)
class KpiContext:
    data: CustomerData
    period: Period
    today: date | None = None  # None: judge at the period end even if it is still to come

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.period.start)

    @property
    def end(self) -> pd.Timestamp:
        """Exclusive end: midnight after the period's last day."""
        return pd.Timestamp(self.period.end + timedelta(days=1))

    @property
    def as_of(self) -> pd.Timestamp:
        """Exclusive end of what has happened: the period end, or midnight after today while
        the period is still running (an action due tomorrow is not overdue yet)."""
        if self.today is None:
            return self.end
        return min(self.end, pd.Timestamp(self.today + timedelta(days=1)))

    def table(self, name: str) -> pd.DataFrame:
        frame = self.data.table(name)
        if frame is None:
            raise LookupError(f"no {name} source is declared for {self.data.customer.id}")
        return frame

    def within(self, values: pd.Series) -> pd.Series:
        return (values >= self.start) & (values < self.end)

    def rows(self, name: str, column: str) -> pd.DataFrame:
        """Rows of table ``name`` whose ``column`` falls in the period (cached per period)."""
        key = f"rows:{name}:{column}:{self.period.text}"
        cached = self.data.cache.get(key)
        if cached is None:
            stamps = self.data.array(name, column)
            start, end = np.datetime64(self.start, "us"), np.datetime64(self.end, "us")
            hit = np.flatnonzero((stamps >= start) & (stamps < end))
            cached = self.table(name).take(hit)
            self.data.cache[key] = cached
        assert isinstance(cached, pd.DataFrame)
        return cached


def first_errors(issues: Mapping[str, Iterable[Issue]]) -> dict[str, str]:
    """The code of each table's first error (bad cells, repeated ids, a missing file)."""
    codes = {
        name: next((i.code for i in found if i.is_error), None) for name, found in issues.items()
    }
    return {name: code for name, code in codes.items() if code}


def refused(definition: KpiDefinition, ctx: KpiContext) -> KpiValue | None:
    """ "No data" carrying the issue code when the KPI's source has rows that failed
    validation: a figure from the rows that passed would look right and be wrong."""
    code = ctx.data.errors.get(definition.source)
    return KpiValue(None, issue=code) if code else None


def prepare_tickets(
    frame: pd.DataFrame, customer: Customer, calendar: BusinessCalendar | None
) -> tuple[pd.DataFrame, SlaBasis]:
    """Add ``resolve_hours``, ``response_minutes``, ``resolution_ok`` and ``response_ok``."""
    frame = frame.copy()
    frame["resolve_hours"] = calendar_hours(frame["opened"], frame["resolved"])
    frame["response_minutes"] = calendar_hours(frame["opened"], frame["first_response"]) * 60
    business = customer.service_hours == "business" and calendar is not None

    def clock(end: str) -> pd.Series:
        if business:
            assert calendar is not None
            return business_hours(frame["opened"], frame[end], calendar)
        return calendar_hours(frame["opened"], frame[end])

    pending = frame["pending_minutes"].fillna(0) / 60.0
    resolve_clock = (clock("resolved") - pending).clip(lower=0)
    response_clock = clock("first_response")
    frame["resolution_ok"] = _met(frame["sla_met"], resolve_clock, frame, customer, "resolution")
    frame["response_ok"] = _met(frame["response_met"], response_clock, frame, customer, "response")
    frame["priority"] = frame["priority"].astype(pd.CategoricalDtype(list(PRIORITIES)))
    frame = frame[[c for c in frame.columns if c in _KPI_COLUMNS]]
    basis = SlaBasis(
        resolution=SLA_BASIS_FLAG if frame["sla_met"].notna().any() else SLA_BASIS_CLOCK,
        response=SLA_BASIS_FLAG if frame["response_met"].notna().any() else SLA_BASIS_CLOCK,
        clock=calendar.id if business and calendar else "24x7",
        pauses=bool(frame["pending_minutes"].notna().any()),
        calendar=calendar if business else None,
    )
    return frame, basis


_KPI_COLUMNS = {
    "opened",
    "first_response",
    "resolved",
    "closed",
    "priority",
    "channel",
    "resolve_hours",
    "response_minutes",
    "resolution_ok",
    "response_ok",
    "reopen_count",
    "reassignment_count",
    "first_contact",
    "sla_met",
    "response_met",
    "pending_minutes",
}


def _met(
    flag: pd.Series, elapsed: pd.Series, frame: pd.DataFrame, customer: Customer, kind: str
) -> pd.Series:
    """Exported flag where present, else elapsed clock hours <= the priority's target."""
    limits = {
        p: float(t[kind]) for p, t in customer.sla.items() if isinstance(t, dict) and kind in t
    }
    limit = frame["priority"].map(limits).astype("float64")
    computed = pd.Series(
        np.where(elapsed.isna() | limit.isna(), np.nan, elapsed <= limit), index=frame.index
    )
    computed = computed.map({1.0: True, 0.0: False}).astype("boolean")
    return flag.astype("boolean").fillna(computed)
