"""System availability against target, downtime minutes and response-time P95, by system."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, register
from reportal.kpi.definitions.common import ratio, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

BY_SYSTEM = t("系统", "System")


def _rows(ctx: KpiContext) -> pd.DataFrame:
    return ctx.rows("availability", "date")


def _attainment(rows: pd.DataFrame) -> float | None:
    scheduled = float(rows["scheduled_minutes"].sum())
    down = float(rows["downtime_minutes"].sum())
    share = ratio(scheduled - down, scheduled)
    return None if share is None else 100 * share


def attainment(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    breakdown = {str(k): _attainment(g) for k, g in rows.groupby("system", sort=True)}
    return KpiValue(
        _attainment(rows),
        float(rows["scheduled_minutes"].sum() - rows["downtime_minutes"].sum()),
        float(rows["scheduled_minutes"].sum()),
        breakdown=breakdown,
    )


def downtime(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    if rows.empty:
        return KpiValue(None)
    by = rows.groupby("system", sort=True)["downtime_minutes"].sum()
    return KpiValue(
        float(rows["downtime_minutes"].sum()), breakdown={str(k): float(v) for k, v in by.items()}
    )


def p95(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    values = rows["p95_ms"].dropna()
    if values.empty:
        return KpiValue(None)
    by = rows.dropna(subset=["p95_ms"]).groupby("system", sort=True)["p95_ms"].max()
    return KpiValue(
        float(values.max()),
        denominator=len(values),
        breakdown={str(k): float(v) for k, v in by.items()},
    )


_EDGE = t(
    "本期无可用性记录时显示“无数据”；缺失的日期不计入分母（不按可用处理），见数据覆盖。",
    "'no data' when the period has no records; missing days are left out of the "
    "denominator (not assumed up) and shown in data coverage.",
)

register(
    KpiDefinition(
        "availability.attainment",
        t("系统可用率", "Availability"),
        "%",
        True,
        t(
            "(计划服务时间 − 停机时间) ÷ 计划服务时间 × 100，各系统各日汇总；按系统细分",
            "(scheduled − downtime) ÷ scheduled minutes × 100 over systems and days; by system",
        ),
        t(
            "本期有记录的系统日的计划服务分钟数（默认每日 1440 分钟）",
            "scheduled minutes of system-days recorded in the period (1440 by default)",
        ),
        _EDGE,
        "availability",
        attainment,
        BY_SYSTEM,
        decimals=2,
    ),
    KpiDefinition(
        "availability.downtime_minutes",
        t("停机时长", "Downtime"),
        "minutes",
        False,
        t("本期各系统停机分钟数之和；按系统细分", "sum of downtime minutes; by system"),
        t("不适用（合计）", "none (a sum)"),
        _EDGE,
        "availability",
        downtime,
        BY_SYSTEM,
        decimals=0,
    ),
    KpiDefinition(
        "availability.p95_ms",
        t("响应时间 P95（最差日）", "Response time P95 (worst day)"),
        "ms",
        False,
        t(
            "本期各日响应时间 P95 的最大值；按系统细分",
            "highest daily 95th-percentile response time in the period; by system",
        ),
        t("本期有 P95 记录的系统日", "system-days with a P95 value"),
        _EDGE,
        "availability",
        p95,
        BY_SYSTEM,
        decimals=0,
    ),
)
