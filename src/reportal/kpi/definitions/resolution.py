"""Time to resolve (mean, median, P90 by priority) and time to first response."""

from __future__ import annotations

from collections.abc import Callable

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, register
from reportal.kpi.definitions.common import BY_PRIORITY, OPENED, RESOLVED, stat_value, t


def _resolve_stat(how: str) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        done = ctx.rows("tickets", "resolved")
        return stat_value(done["resolve_hours"], how, done["priority"])

    return compute


def first_response(ctx: KpiContext) -> KpiValue:
    opened = ctx.rows("tickets", "opened")
    return stat_value(opened["response_minutes"], "median", opened["priority"])


_DENOMINATOR = t("解决时间在本期内的工单", "tickets resolved in the period")
_EDGE = t(
    "本期无已解决工单时显示“无数据”。未解决即关闭的工单不计入，单独计数"
    "（tickets.closed_unresolved）。",
    "'no data' when no ticket was resolved in the period. Tickets closed without a resolved "
    "time are left out and counted on their own (tickets.closed_unresolved).",
)
_CLOCK = ("解决时间减创建时间，按自然时间（小时）计", "resolved minus opened, wall-clock hours")


def _stat_def(how: str, zh: str, en: str, fzh: str, fen: str) -> KpiDefinition:
    return KpiDefinition(
        id=f"resolution.{how}_hours",
        title=t(zh, en),
        unit="hours",
        higher_is_better=False,
        formula=t(f"{fzh}：{_CLOCK[0]}", f"{fen} of {_CLOCK[1]}"),
        denominator=_DENOMINATOR,
        edge_cases=_EDGE,
        source="tickets",
        compute=_resolve_stat(how),
        breakdown=BY_PRIORITY,
        population=RESOLVED,
    )


register(
    _stat_def("mean", "平均解决时长", "Mean time to resolve", "平均值", "Mean"),
    _stat_def("median", "解决时长中位数", "Median time to resolve", "中位数", "Median"),
    _stat_def(
        "p90",
        "解决时长 P90",
        "Time to resolve, P90",
        "第 90 百分位（线性插值）",
        "90th percentile (linear interpolation)",
    ),
    KpiDefinition(
        id="resolution.first_response_minutes",
        title=t("首次响应时长中位数", "Median time to first response"),
        unit="minutes",
        higher_is_better=False,
        formula=t(
            "本期创建工单的首次响应时间减创建时间的中位数（自然时间，分钟）",
            "median of first response minus opened (wall-clock minutes) for tickets "
            "opened in the period",
        ),
        denominator=t(
            "本期创建且有首次响应时间的工单",
            "tickets opened in the period with a first response time",
        ),
        edge_cases=t(
            "导出无首次响应时间或本期无工单时显示“无数据”。",
            "'no data' when the export has no first-response time or no tickets.",
        ),
        source="tickets",
        compute=first_response,
        breakdown=BY_PRIORITY,
        population=OPENED,
    ),
)
