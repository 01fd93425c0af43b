"""Event logs -> one row per ticket.

Two shapes: an update log (one row per update of a ticket record, ``collapse:`` keeps the
latest) and an activity log (XES style: case id, activity, timestamp; ``activities:`` derives
opened, resolved and closed from the events). Both may declare ``pause_states``: the time a
ticket spent in those states before it was resolved becomes ``pending_minutes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportal.kpi.loading.read import ROW
from reportal.kpi.sources import SourceSpec

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

_ID, _AT = "id", "updated_at"


def events_to_tickets(events: pd.DataFrame, spec: SourceSpec) -> pd.DataFrame:
    """One row per ticket from an update log or an activity log, with pauses when declared."""
    if spec.is_activity_log:
        events = drop_repeated_events(events)
        tickets = fold_activities(events, spec)
    else:
        assert spec.collapse_key is not None
        tickets = collapse_events(events, spec.collapse_key, spec.collapse_order)
    if spec.pause_states:
        paused = pause_minutes(events, tickets, spec)
        tickets["pending_minutes"] = tickets[_ID].map(paused).astype("float64")
    return tickets


def collapse_events(frame: pd.DataFrame, key: str, order_by: tuple[str, ...]) -> pd.DataFrame:
    """Keep the latest event per ``key``: highest ``order_by`` values, then the last row."""
    ordered = frame.sort_values([key, *order_by, ROW], kind="stable", na_position="first")
    latest = ordered.drop_duplicates(subset=[key], keep="last")
    return latest.sort_values(ROW, kind="stable").reset_index(drop=True)


def drop_repeated_events(events: pd.DataFrame) -> pd.DataFrame:
    """An event exported twice (every mapped value equal) counts once; the first row stays."""
    return events[~events.drop(columns=[ROW]).duplicated(keep="first")]


def fold_activities(events: pd.DataFrame, spec: SourceSpec) -> pd.DataFrame:
    """Per case: attributes from its last event that has them; opened = first event (unless
    mapped), resolved = first (or last) resolving activity, closed = last (closing) event."""
    ordered = events.sort_values([_ID, _AT, ROW], kind="stable", na_position="first")
    ordered = ordered[ordered[_ID].notna()]
    cases = ordered.groupby(_ID, sort=False)
    tickets = cases.last()
    tickets[ROW] = cases[ROW].min()
    mapped = {c for _, c in spec.mapping()}
    if "opened" not in mapped:
        tickets["opened"] = cases[_AT].min()
    resolving = ordered[ordered["activity"].isin(spec.resolved_activities)]
    pick = "min" if spec.resolved_at == "first" else "max"
    tickets["resolved"] = resolving.groupby(_ID, sort=False)[_AT].agg(pick)
    closing = ordered
    if spec.closed_activities:
        closing = ordered[ordered["activity"].isin(spec.closed_activities)]
    tickets["closed"] = closing.groupby(_ID, sort=False)[_AT].max()
    tickets = tickets.reset_index()
    return tickets.sort_values(ROW, kind="stable").reset_index(drop=True)


def pause_minutes(events: pd.DataFrame, tickets: pd.DataFrame, spec: SourceSpec) -> pd.Series:
    """Minutes each ticket spent in a pausing state before it was resolved, by ticket id.

    A state lasts from its event to the ticket's next event (by time); the part after the
    ticket's resolved time does not count; a ticket never paused has 0."""
    column = "state" if events["state"].notna().any() else "activity"
    ordered = events[events[_ID].notna()].sort_values([_ID, _AT, ROW], kind="stable")
    until = ordered.groupby(_ID, sort=False)[_AT].shift(-1)
    resolved = ordered[_ID].map(tickets.set_index(_ID)["resolved"])
    until = until.where(until.isna() | resolved.isna() | (until <= resolved), resolved)
    spans = (until - ordered[_AT]).dt.total_seconds() / 60.0
    paused = ordered[column].isin(spec.pause_states) & spans.notna()
    minutes = spans.where(paused, 0.0).clip(lower=0.0)
    total = minutes.groupby(ordered[_ID], sort=False).sum()
    return total.reindex(tickets[_ID]).fillna(0.0)
