"""Every allow-listed macro as one object: its spec, the checks of its literal arguments that
need the KPI registry, the sources it reads, and the builder of its block.

``model/macros.py`` holds what validation needs below the KPI layer (names, arguments, ranges,
docs); this module joins each of those specs, by name, to what only the KPI layer knows: which
KPI families and ids exist, which source a table reads, how a block is computed. Everything
else reads ``MACROS``: ``reportal check`` (``kpi/macro_checks.py``), the block of a report
(``compute_block``: snapshots and the macros adapter) and the adapter's registration
(``site/macros.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportal.kpi import charts, tables
from reportal.kpi.blocks import BlockTarget, Json, chart_json, table_json
from reportal.kpi.definition_set import (
    FAMILIES,
    all_definitions,
    family_definitions,
    get_definition,
    require_definition,
)
from reportal.kpi.engine import KpiEngine
from reportal.model.macros import ALLOWED_MACROS, MacroSpec, Problem
from reportal.validate.body import MacroCall
from reportal.validate.registry_checks import did_you_mean

Checked = tuple[list[Problem], set[str] | None]
"""A call's argument problems and the sources it reads (None: not known, nothing more to check)."""
Builder = Callable[..., Json]


@dataclass(frozen=True)
class Macro:
    spec: MacroSpec
    build: Builder
    check: Callable[[MacroCall], Checked]

    @property
    def name(self) -> str:
        return self.spec.name


def compute_block(
    engine: KpiEngine,
    target: BlockTarget,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    lang: str,
) -> Json:
    """The block of ``name(*args, **kwargs)``; raises LookupError, ValueError or TypeError with
    a readable reason for a call that cannot be answered."""
    macro = MACROS.get(name)
    if macro is None:
        raise LookupError(f'"{name}" is not a Reportal macro')
    return macro.build(engine, target, *args, lang=tables.language(lang), **kwargs)


# ---- checks of literal arguments ------------------------------------------------------------


def _reads(source: str) -> Callable[[MacroCall], Checked]:
    """The check of a macro without arguments that reads one canonical table."""
    return lambda call: ([], {source})


def _reads_nothing(call: MacroCall) -> Checked:
    return [], set()


def _check_family(call: MacroCall) -> Checked:
    family = call.argument(0, "family")
    if family is None:  # a missing argument is validation's (B007)
        return [], None
    if family not in FAMILIES:
        hint = did_you_mean(str(family), FAMILIES) or f"one of: {', '.join(FAMILIES)}"
        return [("B020", f'kpi_table("{family}"): there is no KPI family "{family}"', hint)], None
    return [], {definition.source for definition in family_definitions(str(family))}


def _check_trend(call: MacroCall) -> Checked:
    kpi = call.argument(0, "kpi")
    if kpi is None:
        return [], None
    definition = get_definition(str(kpi))
    if definition is None:
        known = [d.id for d in all_definitions()]
        hint = did_you_mean(str(kpi), known) or "the KPI ids are listed in docs/kpi/"
        return [("B020", f'trend_chart("{kpi}"): there is no KPI "{kpi}"', hint)], None
    spec = ALLOWED_MACROS["trend_chart"]
    problems = list(spec.argument("periods").problems(spec.name, call.argument(1, "periods")))
    horizon = call.argument(2, "forecast")
    forecast = list(spec.argument("forecast").problems(spec.name, horizon))
    if not forecast and horizon not in (None, 0) and not charts.is_volume(definition):
        message = f'trend_chart("{definition.id}"): only volume KPIs are forecast'
        forecast.append(("B022", message, "forecast tickets.opened or calls.offered, not a rate"))
    return problems + forecast, {definition.source}


# ---- block builders ---------------------------------------------------------------------------


def _kpi_table(engine: KpiEngine, t: BlockTarget, family: str, *, lang: str) -> Json:
    return table_json(tables.kpi_table(engine, t.customer, t.period, family, lang))


def _sla_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.sla_table(engine, t.customer, t.period, lang))


def _trend_chart(
    engine: KpiEngine, t: BlockTarget, kpi: str, periods: int = 12, forecast: int = 0, *, lang: str
) -> Json:
    require_definition(kpi)
    chart = charts.trend_chart(engine, t.customer, t.period, kpi, int(periods), lang, int(forecast))
    return chart_json(chart)


def _satisfaction(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.satisfaction_table(engine, t.customer, t.period, lang))


def _availability_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.availability_table(engine, t.customer, t.period, lang))


def _actions_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.actions_table(engine, t.customer, t.period, t.number, lang))


def _data_coverage(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.coverage_table(engine, t.customer, t.period, t.data_gaps, lang))


def _kpi_definitions(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.definitions_table(engine, t.customer, lang))


def _macro(name: str, build: Builder, check: Callable[[MacroCall], Checked]) -> Macro:
    return Macro(ALLOWED_MACROS[name], build, check)


MACROS: dict[str, Macro] = {
    macro.name: macro
    for macro in (
        _macro("kpi_table", _kpi_table, _check_family),
        _macro("sla_table", _sla_table, _reads("tickets")),
        _macro("trend_chart", _trend_chart, _check_trend),
        _macro("satisfaction", _satisfaction, _reads("surveys")),
        _macro("availability_table", _availability_table, _reads("availability")),
        _macro("actions_table", _actions_table, _reads("actions")),
        _macro("data_coverage", _data_coverage, _reads_nothing),
        _macro("kpi_definitions", _kpi_definitions, _reads_nothing),
    )
}
if list(MACROS) != list(ALLOWED_MACROS):  # pragma: no cover - a macro added to one list only
    raise ImportError("kpi/macro_set.py and model/macros.py must name the same macros")
