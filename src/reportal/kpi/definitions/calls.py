"""Call centre: offered, answered, answer/abandon rate, service level, ASA, AHT, by hour/shift.

Works on interval statistics (one row per interval, e.g. 30 minutes); a call-level export maps
onto the same columns with offered = 1 per call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, Text, register
from reportal.kpi.definitions.common import NO_DENOMINATOR, ratio, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

BY_HOUR = t("时段（小时）", "Hour of day")
BY_SHIFT = t("班次", "Shift")
SHIFTS = (("夜班", 0, 8), ("早班", 8, 16), ("中班", 16, 24))


def _period_rows(ctx: KpiContext) -> pd.DataFrame:
    return ctx.rows("calls", "interval_start")


def shift_of(starts: pd.Series) -> pd.Series:
    hours = starts.dt.hour
    labels = pd.Series(pd.NA, index=starts.index, dtype="string")
    for name, low, high in SHIFTS:
        labels[(hours >= low) & (hours < high)] = name
    return labels


def _shifts(rows: pd.DataFrame) -> pd.Series:
    if rows["shift"].notna().any():
        return rows["shift"]
    return shift_of(rows["interval_start"])


def _sum(rows: pd.DataFrame, column: str) -> float:
    return float(rows[column].sum(min_count=1)) if rows[column].notna().any() else 0.0


def _rate(num: str, den: str, groups: str | None = None) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        rows = _period_rows(ctx)
        n, d = _sum(rows, num), _sum(rows, den)
        breakdown: dict[str, float | None] = {}
        if groups == "shift" and len(rows):
            keys = _shifts(rows)
            for name, _, _ in SHIFTS:
                part = rows[keys == name]
                value = ratio(_sum(part, num), _sum(part, den))
                breakdown[name] = None if value is None else 100 * value
        value = ratio(n, d)
        return KpiValue(None if value is None else 100 * value, n, d, breakdown=breakdown)

    return compute


def _per_answered(column: str) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        rows = _period_rows(ctx)
        answered = _sum(rows, "answered")
        if not rows[column].notna().any():
            return KpiValue(None, None, answered)
        total = _sum(rows, column)
        return KpiValue(ratio(total, answered), total, answered)

    return compute


def offered(ctx: KpiContext) -> KpiValue:
    rows = _period_rows(ctx)
    by_hour = rows.groupby(rows["interval_start"].dt.hour)["offered"].sum()
    breakdown: dict[str, float | None] = {}
    if len(rows):
        breakdown = {f"{h:02d}": float(by_hour.get(h, 0.0)) for h in range(24)}
    return KpiValue(_sum(rows, "offered"), breakdown=breakdown)


def answered(ctx: KpiContext) -> KpiValue:
    return KpiValue(_sum(_period_rows(ctx), "answered"))


def _call_def(
    kid: str,
    title: Text,
    unit: str,
    better: bool | None,
    formula: Text,
    denominator: Text,
    fn: Callable[[KpiContext], KpiValue],
    breakdown: Text | None = None,
    decimals: int = 1,
) -> KpiDefinition:
    return KpiDefinition(
        id=kid,
        title=title,
        unit=unit,
        higher_is_better=better,
        formula=formula,
        denominator=denominator,
        edge_cases=t(
            "本期无话务数据（或分母为 0）时显示“无数据”；缺失的时段不补零，见数据覆盖。",
            "'no data' when the period has no intervals or the denominator is 0; "
            "missing intervals are not filled with zeros (see data coverage).",
        ),
        source="calls",
        compute=fn,
        breakdown=breakdown,
        decimals=decimals,
    )


_OFFERED = t("本期呼入总量（各时段呼入量之和）", "calls offered in the period (sum of intervals)")
_ANSWERED = t("本期接通总量", "calls answered in the period")

register(
    _call_def(
        "calls.offered",
        t("呼入量", "Calls offered"),
        "count",
        None,
        t("各时段呼入量之和；按小时细分", "sum of offered over intervals; by hour of day"),
        NO_DENOMINATOR,
        offered,
        BY_HOUR,
        0,
    ),
    _call_def(
        "calls.answered",
        t("接通量", "Calls answered"),
        "count",
        None,
        t("各时段接通量之和", "sum of answered over intervals"),
        NO_DENOMINATOR,
        answered,
        None,
        0,
    ),
    _call_def(
        "calls.answer_rate",
        t("接通率", "Answer rate"),
        "%",
        True,
        t(
            "接通量 ÷ 呼入量 × 100；按班次细分（夜班 0–8 时、早班 8–16 时、中班 16–24 时）",
            "answered ÷ offered × 100; by shift (night 0-8, early 8-16, late 16-24)",
        ),
        _OFFERED,
        _rate("answered", "offered", "shift"),
        BY_SHIFT,
    ),
    _call_def(
        "calls.abandon_rate",
        t("放弃率", "Abandon rate"),
        "%",
        False,
        t("放弃量 ÷ 呼入量 × 100", "abandoned ÷ offered × 100"),
        _OFFERED,
        _rate("abandoned", "offered"),
    ),
    _call_def(
        "calls.service_level",
        t("服务水平（20 秒接通）", "Service level (20 s)"),
        "%",
        True,
        t(
            "在阈值（data/sources.yml threshold_seconds，默认 20 秒）内接通的呼叫 ÷ 呼入量 × 100",
            "calls answered within the threshold (threshold_seconds, default 20 s) ÷ offered × 100",
        ),
        _OFFERED,
        _rate("answered_within", "offered"),
    ),
    _call_def(
        "calls.asa_seconds",
        t("平均应答速度", "Average speed of answer"),
        "seconds",
        False,
        t("接通呼叫的排队总时长 ÷ 接通量", "total wait of answered calls ÷ answered"),
        _ANSWERED,
        _per_answered("wait_seconds"),
    ),
    _call_def(
        "calls.aht_seconds",
        t("平均处理时长", "Average handle time"),
        "seconds",
        False,
        t("通话与话后处理总时长 ÷ 接通量", "total talk and wrap-up time ÷ answered"),
        _ANSWERED,
        _per_answered("handle_seconds"),
    ),
)
