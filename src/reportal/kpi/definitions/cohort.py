"""The opened cohort: the tickets opened in the period, followed to what became of them.

The period KPIs count each ticket where its event falls (SLA over tickets *resolved* in the
month); a cohort KPI follows the tickets *opened* in the month, so it can change as they are
resolved later. A share over fewer tickets than the source's ``min_sample`` (default 30) is
marked as a small sample.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, Text, register
from reportal.kpi.definitions.common import BY_PRIORITY, COHORT, recorded_share, stat_value, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


def _cohort(ctx: KpiContext) -> pd.DataFrame:
    return ctx.rows("tickets", "opened")


def _marked(value: KpiValue, ctx: KpiContext) -> KpiValue:
    few = value.denominator is not None and 0 < value.denominator < ctx.data.min_sample
    return replace(value, small_sample=few)


def _share(
    column: str, hit: Callable[[pd.Series], pd.Series] = lambda s: s
) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        return _marked(recorded_share(_cohort(ctx), column, hit), ctx)

    return compute


def close_hours(ctx: KpiContext) -> KpiValue:
    rows = _cohort(ctx)
    hours = (rows["closed"] - rows["opened"]).dt.total_seconds() / 3600.0
    return stat_value(hours, "mean", rows["priority"])


_SMALL = (
    "样本少于数据源 min_sample（默认 30 单）时，数值旁标注“样本少”。",
    "A share over fewer tickets than the source's min_sample (default 30) is marked "
    "'small sample'.",
)
_LATER = (
    "本期创建的工单在之后解决或关闭时，本期的队列数值随之更新。",
    "The value of a past month changes as its tickets are resolved or closed later.",
)


def _cohort_def(
    kid: str,
    title: Text,
    unit: str,
    better: bool,
    formula: Text,
    denominator: Text,
    fn: Callable[[KpiContext], KpiValue],
) -> KpiDefinition:
    return KpiDefinition(
        id=kid,
        title=title,
        unit=unit,
        higher_is_better=better,
        formula=formula,
        denominator=denominator,
        edge_cases=t(
            "分母为 0 时显示“无数据”。" + _LATER[0] + (_SMALL[0] if unit == "%" else ""),
            "'no data' when the denominator is 0. "
            + _LATER[1]
            + (" " + _SMALL[1] if unit == "%" else ""),
        ),
        source="tickets",
        compute=fn,
        breakdown=BY_PRIORITY,
        population=COHORT,
    )


register(
    _cohort_def(
        "cohort.sla_met",
        t("创建期解决时限达成率", "Resolution SLA met, opened cohort"),
        "%",
        True,
        t(
            "本期创建、且已能判定解决时限是否达成（已解决，或有 SLA 达成标志）的工单中，达成的比例"
            "（判定口径同解决时限达成率）",
            "share of the tickets opened in the period whose resolution SLA outcome is known "
            "(resolved, or flagged) that met it (same basis as Resolution SLA attainment)",
        ),
        t(
            "本期创建、解决时限达成与否已知的工单",
            "tickets opened in the period with a known resolution SLA outcome",
        ),
        _share("resolution_ok"),
    ),
    _cohort_def(
        "cohort.sla_flag",
        t("创建期 SLA 达成标志（导出）", "Exported SLA-met flag, opened cohort"),
        "%",
        True,
        t(
            "本期创建的全部工单中，导出的“SLA 达成”标志为是的比例（含尚未解决的工单；"
            "事件日志取每单最新一条）",
            "share of all tickets opened in the period whose exported SLA-met flag is true "
            "(unresolved tickets included; event logs: the latest event's flag)",
        ),
        t(
            "本期创建、导出有 SLA 达成标志的工单",
            "tickets opened in the period with the exported flag recorded",
        ),
        _share("sla_met", lambda s: s.fillna(False).astype(bool)),
    ),
    _cohort_def(
        "cohort.reopen_rate",
        t("创建期重开率", "Reopen rate, opened cohort"),
        "%",
        False,
        t(
            "本期创建的工单中，重开次数 ≥ 1 的比例",
            "share of the tickets opened in the period reopened at least once",
        ),
        t(
            "本期创建、导出有重开次数的工单",
            "tickets opened in the period with reopen_count recorded",
        ),
        _share("reopen_count", lambda s: s > 0),
    ),
    _cohort_def(
        "cohort.reassignment_rate",
        t("创建期转派率", "Reassignment rate, opened cohort"),
        "%",
        False,
        t(
            "本期创建的工单中，转派次数 ≥ 1 的比例",
            "share of the tickets opened in the period reassigned at least once",
        ),
        t(
            "本期创建、导出有转派次数的工单",
            "tickets opened in the period with reassignment_count recorded",
        ),
        _share("reassignment_count", lambda s: s > 0),
    ),
    _cohort_def(
        "cohort.close_mean_hours",
        t("创建期平均关闭时长", "Mean time to close, opened cohort"),
        "hours",
        False,
        t(
            "本期创建且已关闭的工单，关闭时间减创建时间的平均值（自然时间，小时）",
            "mean of closed minus opened (wall-clock hours) over the tickets opened in the "
            "period that are closed",
        ),
        t("本期创建且已关闭的工单", "tickets opened in the period that are closed"),
        close_hours,
    ),
)
