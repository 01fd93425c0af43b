"""SLA attainment: response and resolution, overall and by priority."""

from __future__ import annotations

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, register
from reportal.kpi.definitions.common import BY_PRIORITY, OPENED, RESOLVED, recorded_share, t


def response(ctx: KpiContext) -> KpiValue:
    return recorded_share(ctx.rows("tickets", "opened"), "response_ok")


def resolution(ctx: KpiContext) -> KpiValue:
    return recorded_share(ctx.rows("tickets", "resolved"), "resolution_ok")


_BASIS = (
    "达成与否优先采用导出中的“SLA 达成”标志（事件日志取每单最新事件的标志）；无该标志时，"
    "按客户各优先级时限（data/customers.yml sla）计时判断：7×24 服务按日历时间，"
    "业务时间服务按客户日历（工作时间、周末、法定节假日、调休），并扣除挂起时长（导出记录的挂起"
    "时长，或按 data/sources.yml pause_states 从事件日志中计算的、解决前处于挂起状态的时间）。"
)
_BASIS_EN = (
    "Met/missed comes from the exported 'SLA met' flag where there is one (event logs: the "
    "latest event's flag); otherwise the elapsed clock is compared with the customer's target "
    "for the priority (data/customers.yml sla): calendar hours for 24x7 services, business "
    "hours of the customer's calendar otherwise, minus pending time (as exported, or, with "
    "pause_states in data/sources.yml, the time before resolution the event log spent in a "
    "pausing state)."
)

register(
    KpiDefinition(
        id="sla.response",
        title=t("响应时限达成率", "Response SLA attainment"),
        unit="%",
        higher_is_better=True,
        formula=t(
            "本期创建且已响应的工单中，在响应时限内首次响应的比例。" + _BASIS,
            "Share of tickets opened in the period and responded to whose first "
            "response met the response target. " + _BASIS_EN,
        ),
        denominator=t(
            "本期创建、已有首次响应（或响应达成标志）的工单",
            "tickets opened in the period with a first response (or response flag)",
        ),
        edge_cases=t(
            "分母为 0 时显示“无数据”；尚未响应的工单在响应后计入。",
            "'no data' when the denominator is 0; unanswered tickets count once "
            "they are responded to.",
        ),
        source="tickets",
        compute=response,
        breakdown=BY_PRIORITY,
        population=OPENED,
    ),
    KpiDefinition(
        id="sla.resolution",
        title=t("解决时限达成率", "Resolution SLA attainment"),
        unit="%",
        higher_is_better=True,
        formula=t(
            "本期解决的工单中，在解决时限内解决的比例。" + _BASIS,
            "Share of tickets resolved in the period that met the resolution target. " + _BASIS_EN,
        ),
        denominator=t("解决时间在本期内的工单", "tickets resolved in the period"),
        edge_cases=t(
            "分母为 0 时显示“无数据”；优先级无时限且无标志的工单不计入；未解决即关闭的工单"
            "不计入，单独计数（tickets.closed_unresolved）。",
            "'no data' when the denominator is 0; tickets of a priority without a "
            "target and without a flag are left out; tickets closed without a resolved time "
            "are left out and counted on their own (tickets.closed_unresolved).",
        ),
        source="tickets",
        compute=resolution,
        breakdown=BY_PRIORITY,
        population=RESOLVED,
    ),
)
