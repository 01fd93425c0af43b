"""KPI results -> table models (plain text cells plus a state per row); no HTML here.

Every macro table is built here so the CLI, tests and the HTML renderer share one model.
Each builder takes ``lang`` ("zh" or "en"; anything else falls back to "zh"): headers, titles,
notes and labels come from ``HEADERS`` and ``WORDS`` below, KPI texts from the registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from reportal.kpi.definition_set import FAMILIES, UNITS, Text, require_family
from reportal.kpi.definitions.actions import closed_before, still_open
from reportal.kpi.engine import KpiEngine, KpiResult
from reportal.kpi.format import format_number, format_result, format_target, format_value
from reportal.kpi.targets import CRITICAL, MET, NO_TARGET, WARNING, assess, target_for, worst
from reportal.model.period import Period
from reportal.model.registry import Registry
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
    lang: str = "zh"  # language of the texts; the renderer labels states in it


HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "kpi": {
        "zh": ("指标", "本期", "上期", "目标", "状态"),
        "en": ("KPI", "This period", "Previous period", "Target", "Status"),
    },
    "sla": {
        "zh": ("优先级", "响应时限", "响应达成率", "解决时限", "解决达成率", "解决工单数", "状态"),
        "en": (
            "Priority",
            "Response target",
            "Response attainment",
            "Resolution target",
            "Resolution attainment",
            "Tickets resolved",
            "Status",
        ),
    },
    "satisfaction": {
        "zh": ("回访渠道", "回访数", "平均分", "满意占比（≥4 分）", "状态"),
        "en": ("Survey channel", "Responses", "Mean score", "Satisfied (score ≥ 4)", "Status"),
    },
    "availability": {
        "zh": ("系统", "可用率", "目标", "停机时长", "响应时间 P95（最差日）", "状态"),
        "en": (
            "System",
            "Availability",
            "Target",
            "Downtime",
            "P95 response time (worst day)",
            "Status",
        ),
    },
    "actions": {
        "zh": ("编号", "措施", "责任人", "提出于", "到期日", "关闭日期", "状态"),
        "en": ("No.", "Action", "Owner", "Raised in", "Due", "Closed on", "Status"),
    },
    "coverage": {
        "zh": ("数据源", "覆盖天数", "缺失日期", "说明", "状态"),
        "en": ("Source", "Days covered", "Missing days", "Explanation", "Status"),
    },
    "definitions": {
        "zh": ("指标", "单位", "方向", "计算方法", "分母", "边界情况", "目标"),
        "en": ("KPI", "Unit", "Direction", "Formula", "Denominator", "Edge cases", "Target"),
    },
}

WORDS: dict[str, Text] = {
    # table titles
    "sla.title": {"zh": "服务级别达成情况", "en": "SLA attainment"},
    "satisfaction.title": {"zh": "客户满意度", "en": "Customer satisfaction"},
    "availability.title": {"zh": "系统可用性", "en": "Availability"},
    "actions.title": {"zh": "改进措施跟踪", "en": "Improvement actions"},
    "coverage.title": {"zh": "数据覆盖情况", "en": "Data coverage"},
    "definitions.title": {"zh": "指标定义与计算口径", "en": "KPI definitions and calculation"},
    # notes ({} is a formatted target or the SLA basis)
    "sla.note": {"zh": "目标：解决达成率 {}。", "en": "Target: resolution attainment {}. "},
    "satisfaction.note": {"zh": "目标：平均分 {}", "en": "Target: mean score {}"},
    "satisfaction.note.share": {
        "zh": "，满意占比 {}；两项均达标才为达标",
        "en": ", satisfied share {}; both must be met",
    },
    "satisfaction.note.end": {"zh": "。评分 1–5 分。", "en": ". Scores 1–5."},
    "definitions.note": {"zh": "SLA 口径：{}", "en": "SLA basis: {}"},
    # cells and labels
    "total": {"zh": "合计", "en": "Total"},
    "minutes": {"zh": "{:.0f} 分钟", "en": "{:.0f} min"},
    "hours": {"zh": "{:g} 小时", "en": "{:g} h"},
    "open": {"zh": "未开始", "en": "Not started"},
    "in_progress": {"zh": "进行中", "en": "In progress"},
    "closed": {"zh": "已关闭", "en": "Closed"},
    "overdue": {"zh": "逾期", "en": "Overdue"},
    "not_closed": {"zh": "未关闭", "en": "Not closed"},
    "complete": {"zh": "完整", "en": "Complete"},
    "explained": {"zh": "已说明", "en": "Explained"},
    "unexplained": {"zh": "未说明", "en": "Unexplained"},
    "higher": {"zh": "越高越好", "en": "Higher is better"},
    "lower": {"zh": "越低越好", "en": "Lower is better"},
    "kpi_with_id": {"zh": "{}（{}）", "en": "{} ({})"},
}

SOURCE_NAMES: dict[str, Text] = {
    "tickets": {"zh": "工单", "en": "Tickets"},
    "calls": {"zh": "话务", "en": "Calls"},
    "surveys": {"zh": "满意度回访", "en": "Satisfaction surveys"},
    "availability": {"zh": "系统可用性", "en": "Availability"},
    "actions": {"zh": "改进措施", "en": "Improvement actions"},
}


def language(lang: str) -> str:
    """``lang`` when it is a language the tables speak, else "zh"."""
    return lang if lang in ("zh", "en") else "zh"


def text(texts: Text, lang: str) -> str:
    """``texts`` in ``lang``; the Chinese text when there is no text in ``lang``."""
    return texts.get(language(lang)) or texts["zh"]


def word(key: str, lang: str) -> str:
    return text(WORDS[key], lang)


def kpi_table(
    engine: KpiEngine, customer: str, period: Period, family: str, lang: str = "zh"
) -> TableModel:
    available = {d.id for d in engine.definitions(customer)}
    definitions = [d for d in require_family(family) if d.id in available]
    if not definitions:
        raise LookupError(f'customer "{customer}" has no data source for the {family} KPIs')
    lang = language(lang)
    current = engine.results(customer, period)
    previous = engine.results(customer, period.previous(2)[0])
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
                    _hours(limits.get("response"), lang),
                    format_value(response.value.breakdown.get(priority), response.definition, lang),
                    _hours(limits.get("resolution"), lang),
                    format_value(value, resolution.definition, lang),
                    format_number(opened.value.breakdown.get(priority, 0.0), 0, lang),
                ),
                state.state,
                state.severe,
                key=priority,
            )
        )
    rows.append(
        Row(
            (
                word("total", lang),
                "—",
                format_value(response.value.value, response.definition, lang),
                "—",
                format_value(resolution.value.value, resolution.definition, lang),
                format_number(opened.value.value, 0, lang),
            ),
            resolution.state,
            resolution.assessment.severe,
            key="total",
        )
    )
    basis = engine.customer_data(customer).sla_basis
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


def satisfaction_table(
    engine: KpiEngine, customer: str, period: Period, lang: str = "zh"
) -> TableModel:
    lang = language(lang)
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
                    format_number(count.value.breakdown[channel], 0, lang),
                    format_value(value, mean.definition, lang),
                    format_value(share.value.breakdown.get(channel), share.definition, lang),
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
                word("total", lang),
                format_number(count.value.value, 0, lang),
                format_value(mean.value.value, mean.definition, lang),
                format_value(share.value.value, share.definition, lang),
            ),
            total.state,
            total.severe,
            key="total",
        )
    )
    note = word("satisfaction.note", lang).format(format_target(mean.target, mean.definition, lang))
    if share.target is not None:
        share_target = format_target(share.target, share.definition, lang)
        note += word("satisfaction.note.share", lang).format(share_target)
    note += word("satisfaction.note.end", lang)
    title, headers = word("satisfaction.title", lang), HEADERS["satisfaction"][lang]
    return TableModel("satisfaction", title, headers, tuple(rows), note=note, lang=lang)


def availability_table(
    engine: KpiEngine, customer: str, period: Period, lang: str = "zh"
) -> TableModel:
    lang = language(lang)
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
                    format_value(value, share.definition, lang),
                    format_target(share.target, share.definition, lang),
                    format_value(down.value.breakdown.get(system), down.definition, lang),
                    format_value(p95.value.breakdown.get(system), p95.definition, lang),
                ),
                state.state,
                state.severe,
                key=system,
            )
        )
    rows.append(
        Row(
            (
                word("total", lang),
                format_value(share.value.value, share.definition, lang),
                format_target(share.target, share.definition, lang),
                format_value(down.value.value, down.definition, lang),
                format_value(p95.value.value, p95.definition, lang),
            ),
            share.state,
            share.assessment.severe,
            key="total",
        )
    )
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
        names = SOURCE_NAMES.get(item.source)
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
    basis = engine.customer_data(customer).sla_basis
    note = word("definitions.note", lang).format(basis.describe(lang)) if basis else ""
    title, headers = word("definitions.title", lang), HEADERS["definitions"][lang]
    return TableModel("definitions", title, headers, tuple(rows), False, note, lang)
