"""Canonical tables: the columns every source is mapped onto, with types, ranges and rules.

A source's column mapping (``data/sources.yml``) names source headers and the canonical
column each one becomes. Loading converts every mapped cell to the canonical type and reports
each cell that does not fit as an Issue.

``required``: every source of the table must map the column. ``filled``: every row of a source
that maps the column must have a value in it (the KPIs count rows by it; an empty cell would
drop the row silently), else the cell is a D114 issue. ``key``: the columns that identify a row;
two rows with the same key are counted twice unless the source says how to combine them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRIORITIES = ("P1", "P2", "P3", "P4")
ISO8601 = "ISO8601"  # date_format when none is declared: ISO 8601 only, never a guess


@dataclass(frozen=True)
class Column:
    """One canonical column: ``kind`` is str, datetime, date, int, float, bool or priority."""

    kind: str
    required: bool = False
    filled: bool = False
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Rule:
    """``left`` must not be greater than ``right`` on the same row (``end >= start`` etc.)."""

    left: str
    right: str
    code: str
    message: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: dict[str, Column]
    date_column: str
    rules: tuple[Rule, ...] = ()
    defaults: dict[str, float] = field(default_factory=dict)
    # What makes a row unique; a key column no source maps (all empty) is left out of it.
    key: tuple[str, ...] = ()

    @property
    def required(self) -> list[str]:
        return [name for name, col in self.columns.items() if col.required]


_END_BEFORE_START = "D112"
_COUNT_EXCEEDS = "D113"

TICKETS = TableSpec(
    name="tickets",
    date_column="opened",
    key=(),  # a repeated ticket id is D115 (an event log without collapse), checked on loading
    columns={
        "id": Column("str", required=True, filled=True, description="ticket number"),
        "opened": Column("datetime", required=True, filled=True),
        "first_response": Column("datetime"),
        "resolved": Column("datetime"),
        "closed": Column("datetime"),
        "priority": Column(
            "priority",
            filled=True,
            choices=PRIORITIES,
            description="optional: without it, ticket KPIs have no per-priority breakdown",
        ),
        "channel": Column("str"),
        "category": Column("str"),
        "group": Column("str", description="assignment group"),
        "state": Column("str"),
        "sla_met": Column("bool", description="resolution SLA met, as exported"),
        "response_met": Column("bool", description="response SLA met, as exported"),
        "reopen_count": Column("int", minimum=0),
        "reassignment_count": Column("int", minimum=0),
        "first_contact": Column("bool", description="resolved at first contact"),
        "satisfaction": Column("float", minimum=1, maximum=5),
        "pending_minutes": Column("float", minimum=0, description="time the clock was paused"),
        "update_counter": Column("int", minimum=0, description="event log: update number"),
        "updated_at": Column("datetime", description="event log: update time"),
        "activity": Column("str", description="activity log: the event's activity name"),
    },
    rules=(
        Rule("opened", "first_response", _END_BEFORE_START, "first response is before opened"),
        Rule("opened", "resolved", _END_BEFORE_START, "resolved is before opened"),
        Rule("resolved", "closed", _END_BEFORE_START, "closed is before resolved"),
    ),
)

CALLS = TableSpec(
    name="calls",
    date_column="interval_start",
    key=("interval_start", "queue"),
    columns={
        "interval_start": Column("datetime", required=True, filled=True),
        "offered": Column("int", required=True, filled=True, minimum=0),
        "answered": Column("int", required=True, filled=True, minimum=0),
        "answered_within": Column("int", minimum=0, description="answered within threshold"),
        "abandoned": Column("int", minimum=0),
        "handle_seconds": Column("float", minimum=0, description="total talk + wrap time"),
        "wait_seconds": Column("float", minimum=0, description="total wait of answered calls"),
        "shift": Column("str"),
        "queue": Column("str", description="queue or hotline of the interval"),
    },
    rules=(
        Rule("answered", "offered", _COUNT_EXCEEDS, "answered is greater than offered"),
        Rule(
            "answered_within",
            "answered",
            _COUNT_EXCEEDS,
            "answered within threshold is greater than answered",
        ),
        Rule("abandoned", "offered", _COUNT_EXCEEDS, "abandoned is greater than offered"),
    ),
)

SURVEYS = TableSpec(
    name="surveys",
    date_column="date",
    key=("id",),
    columns={
        "date": Column("date", required=True, filled=True),
        "channel": Column("str", required=True, filled=True),
        "score": Column("float", required=True, filled=True, minimum=1, maximum=5),
        "comment": Column("str"),
        "ticket_id": Column("str"),
        "id": Column("str", description="survey (response) id"),
    },
)

AVAILABILITY = TableSpec(
    name="availability",
    date_column="date",
    key=("date", "system"),
    columns={
        "date": Column("date", required=True, filled=True),
        "system": Column("str", required=True, filled=True),
        "downtime_minutes": Column("float", required=True, filled=True, minimum=0, maximum=1440),
        "scheduled_minutes": Column("float", minimum=0, maximum=1440),
        "p95_ms": Column("float", minimum=0, description="response time, 95th percentile"),
    },
    rules=(
        Rule(
            "downtime_minutes",
            "scheduled_minutes",
            _COUNT_EXCEEDS,
            "downtime is greater than the scheduled service time",
        ),
    ),
    defaults={"scheduled_minutes": 1440.0},
)

ACTIONS = TableSpec(
    name="actions",
    date_column="raised_on",
    key=("id",),
    columns={
        "id": Column("str", required=True, filled=True),
        "raised_in": Column("str", required=True, filled=True, description="report number"),
        "raised_on": Column("date", filled=True),
        "title": Column("str", required=True, filled=True),
        "owner": Column("str"),
        "due": Column("date"),
        "status": Column(
            "str", required=True, filled=True, choices=("open", "in_progress", "closed")
        ),
        "closed_on": Column("date"),
    },
    rules=(Rule("raised_on", "closed_on", _END_BEFORE_START, "closed before it was raised"),),
)

TABLES: dict[str, TableSpec] = {
    spec.name: spec for spec in (TICKETS, CALLS, SURVEYS, AVAILABILITY, ACTIONS)
}
