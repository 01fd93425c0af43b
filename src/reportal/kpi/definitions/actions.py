"""Improvement actions: open and overdue at period end, closed in the period."""

from __future__ import annotations

import pandas as pd

from reportal.kpi.context import KpiContext
from reportal.kpi.definitions.common import count_value, t
from reportal.kpi.registry import KpiDefinition, KpiValue, register


def closed_before(frame: pd.DataFrame, moment: pd.Timestamp) -> pd.Series:
    """Closed before ``moment``; a closed status without a date counts as closed."""
    dated = frame["closed_on"].notna() & (frame["closed_on"] < moment)
    undated = frame["closed_on"].isna() & (frame["status"] == "closed")
    return (dated | undated).fillna(False).astype(bool)


def open_at_end(ctx: KpiContext) -> pd.Series:
    frame = ctx.table("actions")
    raised = frame["raised_on"].isna() | (frame["raised_on"] < ctx.end)
    return raised & ~closed_before(frame, ctx.end)


def open_actions(ctx: KpiContext) -> KpiValue:
    return count_value(ctx.table("actions")[open_at_end(ctx)])


def overdue(ctx: KpiContext) -> KpiValue:
    frame = ctx.table("actions")
    late = frame["due"].notna() & (frame["due"] < ctx.end - pd.Timedelta(days=1))
    return count_value(frame[open_at_end(ctx) & late])


def closed(ctx: KpiContext) -> KpiValue:
    return count_value(ctx.rows("actions", "closed_on"))


_EDGE = t(
    "没有措施时为 0。状态为已关闭但无关闭日期的措施视为已关闭。",
    "0 when there is no action. A closed status without a closed date counts as closed.",
)
_NONE = t("不适用（计数）", "none (a count)")

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
        _NONE,
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
        _NONE,
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
        _NONE,
        _EDGE,
        "actions",
        closed,
        decimals=0,
    ),
)
