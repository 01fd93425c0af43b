"""Ticket volumes: opened, resolved, closed (and closed without a resolution), backlog at start
and end, and its ageing. A ticket is open until it is resolved or closed, whichever comes first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, Text, register
from reportal.kpi.definitions.common import (
    BEFORE_END,
    BEFORE_START,
    BY_PRIORITY,
    CLOSED,
    NO_DENOMINATOR,
    OPENED,
    RESOLVED,
    count_value,
    t,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    from reportal.lazy_modules import numpy as np
    from reportal.lazy_modules import pandas as pd

AGE_DAYS = 30
_NO_TICKETS = t("本期无工单时为 0。", "0 when the period has no tickets.")


def _counted(column: str) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        rows = ctx.rows("tickets", column)
        return count_value(rows, rows["priority"])

    return compute


opened, resolved, closed = _counted("opened"), _counted("resolved"), _counted("closed")


def closed_unresolved(ctx: KpiContext) -> KpiValue:
    """Closed in the period with no resolved time: not in resolution SLA or time KPIs."""
    rows = ctx.rows("tickets", "closed")
    rows = rows[rows["resolved"].isna().to_numpy()]
    return count_value(rows, rows["priority"])


def open_at(
    ctx: KpiContext, moment: pd.Timestamp, opened_before: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Tickets opened before ``moment`` (and before ``opened_before``) neither resolved nor
    closed by then: a ticket closed without a resolved time leaves the backlog when it closes."""
    stamp = np.datetime64(moment, "us")
    opened_at = ctx.data.array("tickets", "opened")
    mask = opened_at < stamp
    for column in ("resolved", "closed"):
        ended = ctx.data.array("tickets", column)
        mask &= np.isnat(ended) | (ended >= stamp)
    if opened_before is not None:
        mask &= opened_at < np.datetime64(opened_before, "us")
    return ctx.table("tickets").take(np.flatnonzero(mask))


def backlog_start(ctx: KpiContext) -> KpiValue:
    rows = open_at(ctx, ctx.start)
    return count_value(rows, rows["priority"])


def backlog_end(ctx: KpiContext) -> KpiValue:
    rows = open_at(ctx, ctx.end)
    return count_value(rows, rows["priority"])


def backlog_aged(ctx: KpiContext) -> KpiValue:
    rows = open_at(ctx, ctx.end, ctx.end - timedelta(days=AGE_DAYS))
    return count_value(rows, rows["priority"])


def not_closed_end(ctx: KpiContext) -> KpiValue:
    """Opened before the period end and not closed by then, resolved or not."""
    stamp = np.datetime64(ctx.end, "us")
    closed_at = ctx.data.array("tickets", "closed")
    mask = (ctx.data.array("tickets", "opened") < stamp) & (
        np.isnat(closed_at) | (closed_at >= stamp)
    )
    rows = ctx.table("tickets").take(np.flatnonzero(mask))
    return count_value(rows, rows["priority"])


def _volume(
    kid: str,
    zh: str,
    en: str,
    formula: tuple[str, str],
    fn: object,
    population: Text,
    better: bool | None = None,
) -> KpiDefinition:
    return KpiDefinition(
        id=kid,
        title=t(zh, en),
        unit="count",
        higher_is_better=better,
        formula=t(*formula),
        denominator=NO_DENOMINATOR,
        edge_cases=_NO_TICKETS,
        source="tickets",
        compute=fn,  # type: ignore[arg-type]
        breakdown=BY_PRIORITY,
        decimals=0,
        population=population,
    )


register(
    _volume(
        "tickets.opened",
        "新建工单数",
        "Tickets opened",
        (
            "创建时间在本期内的工单数（事件日志按工单去重）",
            "tickets whose opened time falls in the period (event logs: one per ticket)",
        ),
        opened,
        OPENED,
    ),
    _volume(
        "tickets.resolved",
        "解决工单数",
        "Tickets resolved",
        ("解决时间在本期内的工单数", "tickets whose resolved time falls in the period"),
        resolved,
        RESOLVED,
    ),
    _volume(
        "tickets.closed",
        "关闭工单数",
        "Tickets closed",
        ("关闭时间在本期内的工单数", "tickets whose closed time falls in the period"),
        closed,
        CLOSED,
    ),
    _volume(
        "tickets.closed_unresolved",
        "未解决即关闭工单数",
        "Tickets closed without resolution",
        (
            "关闭时间在本期内、但没有解决时间的工单数（不计入解决时限达成率和解决时长）",
            "tickets whose closed time falls in the period and that have no resolved time "
            "(they are not in resolution SLA or time-to-resolve KPIs)",
        ),
        closed_unresolved,
        CLOSED,
        better=False,
    ),
    _volume(
        "tickets.backlog_start",
        "期初积压",
        "Backlog at period start",
        (
            "期初时刻之前创建、且当时既未解决也未关闭的工单数",
            "tickets opened before the period start and neither resolved nor closed by then",
        ),
        backlog_start,
        BEFORE_START,
    ),
    _volume(
        "tickets.backlog_end",
        "期末积压",
        "Backlog at period end",
        (
            "期末时刻之前创建、且当时既未解决也未关闭的工单数",
            "tickets opened before the period end and neither resolved nor closed by then",
        ),
        backlog_end,
        BEFORE_END,
    ),
    _volume(
        "tickets.backlog_over_30d",
        "期末积压超 30 天",
        "Backlog older than 30 days",
        (
            "期末积压中，创建已超过 30 天的工单数",
            "backlog at period end opened more than 30 days before the end",
        ),
        backlog_aged,
        BEFORE_END,
        better=False,
    ),
    _volume(
        "tickets.not_closed_end",
        "期末未关闭工单",
        "Not closed at period end",
        (
            "期末时刻之前创建、且当时尚未关闭的工单数（已解决未关闭的也计入）",
            "tickets opened before the period end and not closed by then (resolved or not)",
        ),
        not_closed_end,
        BEFORE_END,
    ),
)
