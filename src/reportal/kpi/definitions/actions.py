"""Improvement actions: open and overdue at period end (today, while the period runs), closed
in the period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, register
from reportal.kpi.definitions.common import NO_DENOMINATOR, count_value, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


def closed_before(frame: pd.DataFrame, moment: pd.Timestamp) -> pd.Series:
    """Closed before ``moment``; a closed status without a date counts as closed."""
    dated = frame["closed_on"].notna() & (frame["closed_on"] < moment)
    undated = frame["closed_on"].isna() & (frame["status"] == "closed")
    return (dated | undated).fillna(False).astype(bool)


def still_open(frame: pd.DataFrame, moment: pd.Timestamp) -> pd.Series:
    """Raised before ``moment`` (or undated) and not closed before it."""
    raised = frame["raised_on"].isna() | (frame["raised_on"] < moment)
    return raised & ~closed_before(frame, moment)


def open_actions(ctx: KpiContext) -> KpiValue:
    frame = ctx.table("actions")
    return count_value(frame[still_open(frame, ctx.as_of)])


def overdue(ctx: KpiContext) -> KpiValue:
    frame = ctx.table("actions")
    late = frame["due"].notna() & (frame["due"] < ctx.as_of - pd.Timedelta(days=1))
    return count_value(frame[still_open(frame, ctx.as_of) & late])


def closed(ctx: KpiContext) -> KpiValue:
    return count_value(ctx.rows("actions", "closed_on"))


_EDGE = t(
    "没有措施时为 0。状态为已关闭但无关闭日期的措施视为已关闭。"
    "报告期尚未结束时（本期草稿），“期末”按今天计：明天到期的措施不算逾期。",
    "0 when there is no action. A closed status without a closed date counts as closed. "
    "While the period is still running (a draft), the period end is today: an action due "
    "tomorrow is not overdue yet.",
)

register(
    KpiDefinition(
        "actions.open",
        t("未关闭措施", "Open actions"),
        "count",
        False,
        t(
            "期末仍未关闭的措施数（提出日期不晚于期末，关闭日期为空或晚于期末）",
            "actions raised by the period end and not closed by then",
        ),
        NO_DENOMINATOR,
        _EDGE,
        "actions",
        open_actions,
        decimals=0,
    ),
    KpiDefinition(
        "actions.overdue",
        t("逾期措施", "Overdue actions"),
        "count",
        False,
        t(
            "期末仍未关闭、且到期日早于期末最后一天的措施数",
            "open actions at period end whose due date is before the last day",
        ),
        NO_DENOMINATOR,
        _EDGE,
        "actions",
        overdue,
        decimals=0,
    ),
    KpiDefinition(
        "actions.closed",
        t("本期关闭措施", "Actions closed"),
        "count",
        None,
        t("关闭日期在本期内的措施数", "actions whose closed date falls in the period"),
        NO_DENOMINATOR,
        _EDGE,
        "actions",
        closed,
        decimals=0,
    ),
)
