"""Macro calls against the KPI registry and the customer's sources, checked before a build.

Validation (``validate/body.py``) lets a body call only allow-listed macros with literal
arguments; this layer knows what those arguments may be. ``kpi_table`` takes a KPI family,
``trend_chart`` a KPI id, a number of periods and a forecast horizon (volume KPIs only), and
every table reads a source that the report's customer must declare in ``data/sources.yml``. A
wrong argument or a missing source is then a ``reportal check`` issue on the macro's line
instead of a failed build.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportal.issues import Issue, did_you_mean
from reportal.kpi.charts import MAX_FORECAST, is_volume
from reportal.kpi.definition_set import (
    FAMILIES,
    KpiDefinition,
    all_definitions,
    family_definitions,
    get_definition,
)
from reportal.kpi.shared import shared_engine
from reportal.validate.body import MacroCall, macro_calls
from reportal.validate.portal import Portal

# Canonical table each fixed table macro reads (kpi_table and trend_chart: their KPIs' sources).
MACRO_SOURCES: dict[str, str] = {
    "sla_table": "tickets",
    "satisfaction": "surveys",
    "availability_table": "availability",
    "actions_table": "actions",
}
MAX_TREND_PERIODS = 60
FIELD = "body"


def check_macro_calls(portal: Portal) -> list[Issue]:
    """Macro-argument issues of every body, including reports rejected for their front matter
    (so one run shows them all); a source is checked only where the customer is known."""
    engine = shared_engine(portal.root, portal.registry, refresh=False)
    issues: list[Issue] = []
    for path, body, body_line, customer in _bodies(portal):
        known = customer is not None and customer in engine.registry.customers
        declared = set(engine.source_names(customer)) if known and customer else None
        for call in macro_calls(body):
            issues += [
                Issue(path, body_line + call.line - 1, FIELD, code, message, hint)
                for code, message, hint in _problems(call, customer, declared)
            ]
    return issues


def _bodies(portal: Portal) -> Iterator[tuple[str, str, int, str | None]]:
    """(path, body, first body line, customer or None) of every report with a body."""
    for report in portal.reports:
        yield report.path, report.body, report.body_line, report.customer
    customers = {parties.path: parties.customer for parties in portal.rejected_parties}
    for rejected in portal.rejected:
        yield rejected.path, rejected.body, rejected.body_line, customers.get(rejected.path)


def _problems(
    call: MacroCall, customer: str | None, declared: set[str] | None
) -> Iterator[tuple[str, str, str | None]]:
    needed: set[str] = set()
    if call.name == "kpi_table":
        family = call.argument(0, "family")
        if family is None:  # a missing argument is validation's (B007)
            return
        if family not in FAMILIES:
            hint = did_you_mean(str(family), FAMILIES) or f"one of: {', '.join(FAMILIES)}"
            yield "B020", f'kpi_table("{family}"): there is no KPI family "{family}"', hint
            return
        needed = {definition.source for definition in family_definitions(str(family))}
    elif call.name == "trend_chart":
        kpi = call.argument(0, "kpi")
        if kpi is None:
            return
        definition = get_definition(str(kpi))
        if definition is None:
            known = [d.id for d in all_definitions()]
            hint = did_you_mean(str(kpi), known) or "the KPI ids are listed in docs/kpi/"
            yield "B020", f'trend_chart("{kpi}"): there is no KPI "{kpi}"', hint
            return
        yield from _periods_problems(call.argument(1, "periods"))
        yield from _forecast_problems(call.argument(2, "forecast"), definition)
        needed = {definition.source}
    elif call.name in MACRO_SOURCES:
        needed = {MACRO_SOURCES[call.name]}
    if declared is None:  # customer unknown: validation reports it
        return
    for source in sorted(needed - declared):
        message = (
            f'{call.name}() reads the "{source}" source, which data/sources.yml does not '
            f'declare for customer "{customer}"'
        )
        yield "D150", message, f"declare {customer}.{source} in data/sources.yml"


def _forecast_problems(
    horizon: object, definition: KpiDefinition
) -> Iterator[tuple[str, str, str | None]]:
    if horizon is None or horizon == 0:
        return
    if isinstance(horizon, bool) or not isinstance(horizon, int):
        yield "B022", f"trend_chart(): forecast must be a whole number, not {horizon!r}", None
    elif not 1 <= horizon <= MAX_FORECAST:
        message = f"trend_chart(): forecast must be 1 to {MAX_FORECAST}, not {horizon}"
        yield "B022", message, "3 forecasts the next quarter of monthly reports"
    elif not is_volume(definition):
        message = f'trend_chart("{definition.id}"): only volume KPIs are forecast'
        yield "B022", message, "forecast tickets.opened or calls.offered, not a rate"


def _periods_problems(periods: object) -> Iterator[tuple[str, str, str | None]]:
    if periods is None:
        return
    if isinstance(periods, bool) or not isinstance(periods, int):
        yield "B022", f"trend_chart(): periods must be a whole number, not {periods!r}", None
    elif not 2 <= periods <= MAX_TREND_PERIODS:
        message = f"trend_chart(): periods must be 2 to {MAX_TREND_PERIODS}, not {periods}"
        yield "B022", message, "12 shows the last year of monthly reports"
