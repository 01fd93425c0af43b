"""KPI results -> table models (plain text cells plus a state per row); no HTML here.

Every macro table is built here so the CLI, tests and the HTML renderer share one model.
Each builder takes ``lang`` ("zh" or "en"; anything else falls back to "zh"): headers, titles,
notes and labels come from the string catalogue (``block.headers``, ``.table``, ``.sources``),
KPI texts from the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from reportal.kpi import block_texts
from reportal.kpi.block_texts import language, text
from reportal.kpi.definition_set import FAMILIES, UNITS, require_family
from reportal.kpi.definitions.actions import closed_before, still_open
from reportal.kpi.engine import KpiEngine, KpiResult
from reportal.kpi.format import format_number, format_result, format_target, format_value
from reportal.kpi.targets import (
    CRITICAL,
    MET,
    NO_TARGET,
    WARNING,
    Assessment,
    assess,
    target_for,
    worst,
)
from reportal.model.period import Period
from reportal.model.registry import Registry
from reportal.model.report import DataGap

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    state: str | None = None  # met / warning / critical / no_target / no_data
    severe: bool = False
    label: str | None = None  # overrides the state's default label (e.g. "逾期")
    key: str | None = None  # KPI id or other row key (data-kpi)


@dataclass(frozen=True)
class TableModel:
    kind: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    has_state: bool = True
    note: str = ""
    lang: str = "zh"  # language of the texts; the renderer labels states in it


HEADERS = block_texts.headers()


def word(key: str, lang: str) -> str:
    return block_texts.word(f"table.{key}", lang)


def kpi_table(
    engine: KpiEngine, customer: str, period: Period, family: str, lang: str = "zh"
) -> TableModel:
    available = {d.id for d in engine.definitions(customer)}
    definitions = [d for d in require_family(family) if d.id in available]
    if not definitions:
        raise LookupError(f'customer "{customer}" has no data source for the {family} KPIs')
    lang = language(lang)
    current = engine.results(customer, period)
    ids = [d.id for d in definitions]
    previous = engine.some_results(customer, period.previous(2)[0], ids)
    rows = tuple(_kpi_row(current[d.id], previous[d.id], lang) for d in definitions)
    title = text(FAMILIES[family], lang)
    return TableModel(f"kpi-{family}", title, HEADERS["kpi"][lang], rows, lang=lang)


def _kpi_row(result: KpiResult, before: KpiResult, lang: str) -> Row:
    d = result.definition
    cells = (
        text(d.title, lang),
        format_result(result.value, d, lang),
        format_result(before.value, d, lang),
        format_target(result.target, d, lang),
    )
    return Row(cells, result.state, result.assessment.severe, key=d.id)


def sla_table(engine: KpiEngine, customer: str, period: Period, lang: str = "zh") -> TableModel:
    lang = language(lang)
    kpis = ("sla.response", "sla.resolution", "tickets.resolved")
    response, resolution, opened = _results(engine, customer, period, *kpis)
    sla = engine.customer(customer).sla
    rows = []
    for priority in sorted(set(resolution.value.breakdown) | set(sla)):
        limits = sla.get(priority) or {}
        value = resolution.value.breakdown.get(priority)
        cells = (
            _hours(limits.get("response"), lang),
            format_value(response.value.breakdown.get(priority), response.definition, lang),
            _hours(limits.get("resolution"), lang),
            format_value(value, resolution.definition, lang),
            format_number(opened.value.breakdown.get(priority, 0.0), 0, lang),
        )
        rows.append(_row(priority, priority, cells, assess(value, resolution.target, True)))
    cells = (
        "—",
        format_value(response.value.value, response.definition, lang),
        "—",
        format_value(resolution.value.value, resolution.definition, lang),
        format_number(opened.value.value, 0, lang),
    )
    rows.append(_row("total", word("total", lang), cells, resolution.assessment))
    basis = engine.sla_basis(customer)
    target = format_target(resolution.target, resolution.definition, lang)
    note = word("sla.note", lang).format(target)
    note += basis.describe(lang) if basis else ""
    title = word("sla.title", lang)
    return TableModel("sla", title, HEADERS["sla"][lang], tuple(rows), note=note.strip(), lang=lang)


def _hours(value: object, lang: str = "zh") -> str:
    if value is None:
        return "—"
    hours = float(value)  # type: ignore[arg-type]
    return (
        word("minutes", lang).format(hours * 60) if hours < 1 else word("hours", lang).format(hours)
    )


Pick = Callable[[KpiResult], float | None]
"""Which value of a result a row shows: one breakdown entry (``_part``) or the total."""


def _results(engine: KpiEngine, customer: str, period: Period, *kpis: str) -> list[KpiResult]:
    found = engine.some_results(customer, period, list(kpis))
    return [found[kpi] for kpi in kpis]


def _part(key: str) -> Pick:
    return lambda result: result.value.breakdown.get(key)


def _whole(result: KpiResult) -> float | None:
    return result.value.value


def _values(pick: Pick, lang: str, *results: KpiResult) -> tuple[str, ...]:
    """The value ``pick`` takes of each result, formatted as its KPI is."""
    return tuple(format_value(pick(result), result.definition, lang) for result in results)


def _row(key: str, label: str, cells: tuple[str, ...], assessment: Assessment) -> Row:
    """A row of a breakdown entry or the total, with the state ``assessment`` gives it."""
    return Row((label, *cells), assessment.state, assessment.severe, key=key)


def satisfaction_table(
    engine: KpiEngine, customer: str, period: Period, lang: str = "zh"
) -> TableModel:
    lang = language(lang)
    kpis = ("csat.responses", "csat.mean", "csat.satisfied_share")
    count, mean, share = _results(engine, customer, period, *kpis)

    def cells(pick: Pick) -> tuple[str, ...]:
        return (format_number(pick(count), 0, lang), *_values(pick, lang, mean, share))

    rows = []
    for channel in count.value.breakdown:
        part = _part(channel)
        # a channel is judged on both targets, as the total row's two KPIs are
        state = worst(
            assess(part(mean), mean.target, True), assess(part(share), share.target, True)
        )
        rows.append(_row(channel, channel, cells(part), state))
    total = worst(mean.assessment, share.assessment)
    rows.append(_row("total", word("total", lang), cells(_whole), total))
    note = word("satisfaction.note", lang).format(format_target(mean.target, mean.definition, lang))
    if share.target is not None:
        share_target = format_target(share.target, share.definition, lang)
        note += word("satisfaction.note_share", lang).format(share_target)
    note += word("satisfaction.note_end", lang)
    title, headers = word("satisfaction.title", lang), HEADERS["satisfaction"][lang]
    return TableModel("satisfaction", title, headers, tuple(rows), note=note, lang=lang)


def availability_table(
    engine: KpiEngine, customer: str, period: Period, lang: str = "zh"
) -> TableModel:
    lang = language(lang)
    kpis = ("availability.attainment", "availability.downtime_minutes", "availability.p95_ms")
    share, down, p95 = _results(engine, customer, period, *kpis)
    target = format_target(share.target, share.definition, lang)

    def cells(pick: Pick) -> tuple[str, ...]:
        return (*_values(pick, lang, share), target, *_values(pick, lang, down, p95))

    rows = [
        _row(system, system, cells(_part(system)), assess(value, share.target, True))
        for system, value in share.value.breakdown.items()
    ]
    rows.append(_row("total", word("total", lang), cells(_whole), share.assessment))
    title, headers = word("availability.title", lang), HEADERS["availability"][lang]
    return TableModel("availability", title, headers, tuple(rows), lang=lang)


def actions_table(
    engine: KpiEngine,
    customer: str,
    period: Period,
    report_number: str | None,
    lang: str = "zh",
) -> TableModel:
    table = engine.table(customer, "actions")
    if table is None:
        raise LookupError(f'customer "{customer}" has no actions source')
    lang = language(lang)
    frame = table.frame
    # as at the period end, or today while the period runs (as the actions KPIs count)
    end = min(period.end, engine.current_day()) + timedelta(days=1)
    end = pd.Timestamp(end)
    start = pd.Timestamp(period.start)
    show = still_open(frame, end) | (frame["closed_on"] >= start) & (frame["closed_on"] < end)
    if report_number:
        show |= frame["raised_in"] == report_number
    # state as at the period end, as the actions KPIs count it: an action closed after the
    # period was still open in it, whatever its status is today
    shown = frame.assign(closed_by_end=closed_before(frame, end))[show.fillna(False)]
    rows = tuple(_action_row(r, end, engine.registry, lang) for r in shown.itertuples())
    title, headers = word("actions.title", lang), HEADERS["actions"][lang]
    return TableModel("actions", title, headers, rows, lang=lang)


_ACTION_STATUSES = ("open", "in_progress", "closed")


def _action_row(row: object, end: pd.Timestamp, registry: Registry, lang: str = "zh") -> Row:
    def day(value: object) -> str:
        return "—" if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]

    get = row.__getattribute__
    closed_on, due, status = get("closed_on"), get("due"), str(get("status"))
    is_closed = bool(get("closed_by_end"))
    overdue = not is_closed and not pd.isna(due) and due < end - pd.Timedelta(days=1)
    if is_closed:
        state, label = MET, word("closed", lang)
    elif overdue:
        state, label = CRITICAL, word("overdue", lang)
    elif status == "closed":  # closed after the period end
        state, label = NO_TARGET, word("not_closed", lang)
    else:
        state = NO_TARGET
        label = word(status, lang) if status in _ACTION_STATUSES else status
    cells = (
        str(get("id")),
        str(get("title")),
        _owner_name(get("owner"), registry),
        str(get("raised_in")),
        day(due),
        day(closed_on) if is_closed else "—",
    )
    return Row(cells, state, label=label, key=str(get("id")))


def _owner_name(owner: object, registry: Registry) -> str:
    """The owner's name from data/people.yml (an id not listed there as written); "—" for none."""
    if owner is None or pd.isna(owner):  # type: ignore[arg-type]
        return "—"
    return registry.person_name(str(owner).strip()) or "—"


def coverage_table(
    engine: KpiEngine,
    customer: str,
    period: Period,
    gaps: tuple[DataGap, ...],
    lang: str = "zh",
) -> TableModel:
    lang = language(lang)
    reasons = {gap.source: gap.reason for gap in gaps}
    rows = []
    for item in engine.coverage(customer, period):
        reason = reasons.get(item.source, "")
        if item.complete:
            state, label = MET, word("complete", lang)
        elif reason:
            state, label = WARNING, word("explained", lang)
        else:
            state, label = CRITICAL, word("unexplained", lang)
        names = block_texts.group("sources").get(item.source)
        source = text(names, lang) if names else item.source
        cells = (  # the source's name: export paths are the provider's business
            source,
            item.text(lang),
            item.missing_text(lang) or "—",
            reason or "—",
        )
        rows.append(Row(cells, state, label=label, key=item.source))
    title, headers = word("coverage.title", lang), HEADERS["coverage"][lang]
    return TableModel("coverage", title, headers, tuple(rows), lang=lang)


def definitions_table(engine: KpiEngine, customer: str, lang: str = "zh") -> TableModel:
    lang = language(lang)
    targets = engine.customer(customer).targets
    rows = []
    for d in engine.definitions(customer):
        direction = {True: word("higher", lang), False: word("lower", lang), None: "—"}
        rows.append(
            Row(
                (
                    word("kpi_with_id", lang).format(text(d.title, lang), d.id),
                    UNITS[d.unit][lang] or "—",
                    direction[d.higher_is_better],
                    text(d.formula, lang),
                    text(d.denominator, lang),
                    text(d.edge_cases, lang),
                    format_target(target_for(targets, d.id), d, lang),
                ),
                key=d.id,
            )
        )
    basis = engine.sla_basis(customer)
    note = word("definitions.note", lang).format(basis.describe(lang)) if basis else ""
    title, headers = word("definitions.title", lang), HEADERS["definitions"][lang]
    return TableModel("definitions", title, headers, tuple(rows), False, note, lang)
