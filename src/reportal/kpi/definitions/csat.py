"""Customer satisfaction from surveys: responses, mean score and share satisfied, by channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, register
from reportal.kpi.definitions.common import NO_DENOMINATOR, count_value, share_value, stat_value, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

BY_CHANNEL = t("回访渠道", "Survey channel")
SATISFIED = 4


def _rows(ctx: KpiContext) -> pd.DataFrame:
    rows = ctx.rows("surveys", "date")
    return rows[rows["score"].notna().to_numpy()]


def responses(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    return count_value(rows, rows["channel"])


def mean(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    return stat_value(rows["score"], "mean", rows["channel"])


def satisfied(ctx: KpiContext) -> KpiValue:
    rows = _rows(ctx)
    return share_value(rows["score"] >= SATISFIED, rows["channel"])


_DEN = t("本期回访日期内、有评分的问卷", "surveys dated in the period with a score")
_EDGE = t("本期无回访时显示“无数据”。", "'no data' when the period has no survey.")

register(
    KpiDefinition(
        "csat.responses",
        t("回访数", "Survey responses"),
        "count",
        None,
        t("本期有评分的回访问卷数；按渠道细分", "scored surveys; by channel"),
        NO_DENOMINATOR,
        _EDGE,
        "surveys",
        responses,
        BY_CHANNEL,
        decimals=0,
    ),
    KpiDefinition(
        "csat.mean",
        t("满意度平均分", "CSAT mean score"),
        "score",
        True,
        t("评分（1–5 分）的算术平均；按渠道细分", "mean of scores (1-5); by channel"),
        _DEN,
        _EDGE,
        "surveys",
        mean,
        BY_CHANNEL,
        decimals=2,
    ),
    KpiDefinition(
        "csat.satisfied_share",
        t("满意占比", "Share satisfied"),
        "%",
        True,
        t(
            "评分 ≥ 4 分的问卷 ÷ 问卷数 × 100；按渠道细分",
            "surveys scoring 4 or 5 ÷ surveys × 100; by channel",
        ),
        _DEN,
        _EDGE,
        "surveys",
        satisfied,
        BY_CHANNEL,
    ),
)
