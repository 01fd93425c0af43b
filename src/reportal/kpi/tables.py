"""KPI results -> table models (plain text cells plus a state per row); no HTML here.

Every macro table is built here so the CLI, tests and the HTML renderer share one model.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from reportal.kpi.definitions.actions import closed_before, still_open
from reportal.kpi.engine import KpiEngine, KpiResult
from reportal.kpi.format import format_number, format_target, format_value
from reportal.kpi.registry import FAMILIES, UNITS, family_definitions
from reportal.kpi.targets import CRITICAL, MET, NO_TARGET, WARNING, assess, target_for, worst
from reportal.model.period import Period
from reportal.model.registry import Person
from reportal.model.report import DataGap


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


def kpi_table(engine: KpiEngine, customer: str, period: Period, family: str) -> TableModel:
    if family not in FAMILIES:
        raise LookupError(f'unknown KPI family "{family}" (expected one of: {", ".join(FAMILIES)})')
    available = {d.id for d in engine.definitions(customer)}
    definitions = [d for d in family_definitions(family) if d.id in available]
    if not definitions:
        raise LookupError(f'customer "{customer}" has no data source for the {family} KPIs')
    current = engine.results(customer, period)
    previous = engine.results(customer, period.previous(2)[0])
    rows = tuple(_kpi_row(current[d.id], previous[d.id]) for d in definitions)
    headers = ("指标", "本期", "上期", "目标", "状态")
    return TableModel(f"kpi-{family}", FAMILIES[family]["zh"], headers, rows)


def _kpi_row(result: KpiResult, before: KpiResult) -> Row:
    d = result.definition
    cells = (
        d.title["zh"],
        format_value(result.value.value, d),
        format_value(before.value.value, d),
        format_target(result.target, d),
    )
    return Row(cells, result.state, result.assessment.severe, key=d.id)


def sla_table(engine: KpiEngine, customer: str, period: Period) -> TableModel:
    response = engine.result(customer, period, "sla.response")
    resolution = engine.result(customer, period, "sla.resolution")
    opened = engine.result(customer, period, "tickets.resolved")
    sla = engine.customer(customer).sla
    rows = []
    for priority in sorted(set(resolution.value.breakdown) | set(sla)):
        limits = sla.get(priority) or {}
        value = resolution.value.breakdown.get(priority)
        state = assess(value, resolution.target, True)
        rows.append(
            Row(
                (
                    priority,
                    _hours(limits.get("response")),
                    format_value(response.value.breakdown.get(priority), response.definition),
                    _hours(limits.get("resolution")),
                    format_value(value, resolution.definition),
                    format_number(opened.value.breakdown.get(priority, 0.0), 0),
                ),
                state.state,
                state.severe,
                key=priority,
            )
        )
    rows.append(
        Row(
            (
                "合计",
                "—",
                format_value(response.value.value, response.definition),
                "—",
                format_value(resolution.value.value, resolution.definition),
                format_number(opened.value.value, 0),
            ),
            resolution.state,
            resolution.assessment.severe,
            key="total",
        )
    )
    basis = engine.customer_data(customer).sla_basis
    headers = ("优先级", "响应时限", "响应达成率", "解决时限", "解决达成率", "解决工单数", "状态")
    note = f"目标：解决达成率 {format_target(resolution.target, resolution.definition)}。"
    note += basis.describe("zh") if basis else ""
    return TableModel("sla", "服务级别达成情况", headers, tuple(rows), note=note)


def _hours(value: object) -> str:
    if value is None:
        return "—"
    hours = float(value)  # type: ignore[arg-type]
    return f"{hours * 60:.0f} 分钟" if hours < 1 else f"{hours:g} 小时"


def satisfaction_table(engine: KpiEngine, customer: str, period: Period) -> TableModel:
    count = engine.result(customer, period, "csat.responses")
    mean = engine.result(customer, period, "csat.mean")
    share = engine.result(customer, period, "csat.satisfied_share")
    rows = []
    for channel in count.value.breakdown:
        value = mean.value.breakdown.get(channel)
        satisfied = share.value.breakdown.get(channel)
        # a channel is judged on both targets, as the total row's two KPIs are
        state = worst(assess(value, mean.target, True), assess(satisfied, share.target, True))
        rows.append(
            Row(
                (
                    channel,
                    format_number(count.value.breakdown[channel], 0),
                    format_value(value, mean.definition),
                    format_value(share.value.breakdown.get(channel), share.definition),
                ),
                state.state,
                state.severe,
                key=channel,
            )
        )
    total = worst(mean.assessment, share.assessment)
    rows.append(
        Row(
            (
                "合计",
                format_number(count.value.value, 0),
                format_value(mean.value.value, mean.definition),
                format_value(share.value.value, share.definition),
            ),
            total.state,
            total.severe,
            key="total",
        )
    )
    headers = ("回访渠道", "回访数", "平均分", "满意占比（≥4 分）", "状态")
    note = f"目标：平均分 {format_target(mean.target, mean.definition)}"
    if share.target is not None:
        note += f"，满意占比 {format_target(share.target, share.definition)}；两项均达标才为达标"
    note += "。评分 1–5 分。"
    return TableModel("satisfaction", "客户满意度", headers, tuple(rows), note=note)


def availability_table(engine: KpiEngine, customer: str, period: Period) -> TableModel:
    share = engine.result(customer, period, "availability.attainment")
    down = engine.result(customer, period, "availability.downtime_minutes")
    p95 = engine.result(customer, period, "availability.p95_ms")
    rows = []
    for system, value in share.value.breakdown.items():
        state = assess(value, share.target, True)
        rows.append(
            Row(
                (
                    system,
                    format_value(value, share.definition),
                    format_target(share.target, share.definition),
                    format_value(down.value.breakdown.get(system), down.definition),
                    format_value(p95.value.breakdown.get(system), p95.definition),
                ),
                state.state,
                state.severe,
                key=system,
            )
        )
    rows.append(
        Row(
            (
                "合计",
                format_value(share.value.value, share.definition),
                format_target(share.target, share.definition),
                format_value(down.value.value, down.definition),
                format_value(p95.value.value, p95.definition),
            ),
            share.state,
            share.assessment.severe,
            key="total",
        )
    )
    headers = ("系统", "可用率", "目标", "停机时长", "响应时间 P95（最差日）", "状态")
    return TableModel("availability", "系统可用性", headers, tuple(rows))


def actions_table(
    engine: KpiEngine, customer: str, period: Period, report_number: str | None
) -> TableModel:
    table = engine.table(customer, "actions")
    if table is None:
        raise LookupError(f'customer "{customer}" has no actions source')
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
    people = engine.registry.people
    rows = tuple(_action_row(r, end, people) for r in shown.itertuples())
    headers = ("编号", "措施", "责任人", "提出于", "到期日", "关闭日期", "状态")
    return TableModel("actions", "改进措施跟踪", headers, rows)


_ACTION_LABELS = {"open": "未开始", "in_progress": "进行中", "closed": "已关闭"}


def _action_row(row: object, end: pd.Timestamp, people: Mapping[str, Person]) -> Row:
    def day(value: object) -> str:
        return "—" if pd.isna(value) else pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]

    get = row.__getattribute__
    closed_on, due, status = get("closed_on"), get("due"), str(get("status"))
    is_closed = bool(get("closed_by_end"))
    overdue = not is_closed and not pd.isna(due) and due < end - pd.Timedelta(days=1)
    if is_closed:
        state, label = MET, "已关闭"
    elif overdue:
        state, label = CRITICAL, "逾期"
    elif status == "closed":  # closed after the period end
        state, label = NO_TARGET, "未关闭"
    else:
        state, label = NO_TARGET, _ACTION_LABELS.get(status, status)
    cells = (
        str(get("id")),
        str(get("title")),
        _person_name(get("owner"), people),
        str(get("raised_in")),
        day(due),
        day(closed_on) if is_closed else "—",
    )
    return Row(cells, state, label=label, key=str(get("id")))


def _person_name(owner: object, people: Mapping[str, Person]) -> str:
    """The owner's name from data/people.yml; an owner not listed there is shown as written."""
    if owner is None or pd.isna(owner) or not str(owner).strip():  # type: ignore[arg-type]
        return "—"
    person = people.get(str(owner).strip())
    return person.name if person is not None else str(owner).strip()


def coverage_table(
    engine: KpiEngine, customer: str, period: Period, gaps: tuple[DataGap, ...]
) -> TableModel:
    reasons = {gap.source: gap.reason for gap in gaps}
    rows = []
    for item in engine.coverage(customer, period):
        reason = reasons.get(item.source, "")
        if item.complete:
            state, label = MET, "完整"
        else:
            state, label = (WARNING, "已说明") if reason else (CRITICAL, "未说明")
        cells = (
            _SOURCE_NAMES.get(item.source, item.source),
            "、".join(item.files) or "—",
            item.text("zh"),
            item.missing_text() or "—",
            reason or "—",
        )
        rows.append(Row(cells, state, label=label, key=item.source))
    headers = ("数据源", "文件", "覆盖天数", "缺失日期", "说明", "状态")
    return TableModel("coverage", "数据覆盖情况", headers, tuple(rows))


_SOURCE_NAMES = {
    "tickets": "工单",
    "calls": "话务",
    "surveys": "满意度回访",
    "availability": "系统可用性",
    "actions": "改进措施",
}


def definitions_table(engine: KpiEngine, customer: str) -> TableModel:
    targets = engine.customer(customer).targets
    rows = []
    for d in engine.definitions(customer):
        target = format_target(target_for(targets, d.id), d)
        unit = UNITS[d.unit]["zh"] or "—"
        direction = {True: "越高越好", False: "越低越好", None: "—"}[d.higher_is_better]
        rows.append(
            Row(
                (
                    f"{d.title['zh']}（{d.id}）",
                    unit,
                    direction,
                    d.formula["zh"],
                    d.denominator["zh"],
                    d.edge_cases["zh"],
                    target,
                ),
                key=d.id,
            )
        )
    basis = engine.customer_data(customer).sla_basis
    note = ("SLA 口径：" + basis.describe("zh")) if basis else ""
    headers = ("指标", "单位", "方向", "计算方法", "分母", "边界情况", "目标")
    return TableModel("definitions", "指标定义与计算口径", headers, tuple(rows), False, note)
