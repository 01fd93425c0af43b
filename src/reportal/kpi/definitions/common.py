"""Helpers shared by the KPI families: shares, counts and statistics with honest empties.

They work on the rows of one period (``KpiContext.rows``), so a month of a 1M-row table
costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportal.kpi.canonical import PRIORITIES
from reportal.kpi.definition_set import KpiValue, Text

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd

BY_PRIORITY: Text = {"zh": "优先级", "en": "Priority"}
NO_DENOMINATOR: Text = {"zh": "不适用（计数）", "en": "none (a count)"}
OPENED: Text = {"zh": "本期创建的工单", "en": "tickets opened in the period"}
RESOLVED: Text = {"zh": "本期解决的工单", "en": "tickets resolved in the period"}
CLOSED: Text = {"zh": "本期关闭的工单", "en": "tickets closed in the period"}
BEFORE_START: Text = {"zh": "期初之前创建的工单", "en": "tickets opened before the period start"}
BEFORE_END: Text = {"zh": "期末之前创建的工单", "en": "tickets opened before the period end"}
COHORT: Text = {
    "zh": "本期创建的工单（创建期队列），无论之后何时解决或关闭",
    "en": "tickets opened in the period (the opened cohort), whenever they were resolved or closed",
}


def t(zh: str, en: str) -> Text:
    return {"zh": zh, "en": en}


def share_value(hits: pd.Series, groups: pd.Series | None = None) -> KpiValue:
    """100 × share of true ``hits`` (one per row of the base); None when there is no row."""
    flags = hits.fillna(False).astype(bool)
    total, count = len(flags), int(flags.sum())
    breakdown: dict[str, float | None] = {}
    if groups is not None and total:
        by = flags.groupby(groups, observed=True, sort=False).mean()
        means = {str(k): float(v) for k, v in by.items()}
        breakdown = {k: 100.0 * means[k] for k in _order(pd.Index(list(means)))}
    value = None if total == 0 else 100.0 * count / total
    return KpiValue(value, count, total, breakdown=breakdown)


def recorded_share(
    rows: pd.DataFrame, column: str, hit: Callable[[pd.Series], pd.Series] = lambda s: s
) -> KpiValue:
    """``share_value`` of ``hit(column)`` by priority, over the tickets with ``column`` recorded."""
    rows = rows[rows[column].notna().to_numpy()]
    return share_value(hit(rows[column]), rows["priority"])


def count_value(rows: pd.DataFrame | pd.Series, groups: pd.Series | None = None) -> KpiValue:
    breakdown: dict[str, float | None] = {}
    if groups is not None and len(groups):
        counts = {str(k): float(v) for k, v in groups.value_counts().items() if v}
        breakdown = {k: counts[k] for k in _order(pd.Index(list(counts)))}
    return KpiValue(float(len(rows)), breakdown=breakdown)


def stat_value(values: pd.Series, how: str, groups: pd.Series | None = None) -> KpiValue:
    """mean / median / p90 / max of ``values`` (NaN dropped); None when nothing is left."""
    kept = values.notna()
    values = values[kept]
    breakdown: dict[str, float | None] = {}
    if groups is not None and len(values):
        for key, part in values.groupby(groups[kept], observed=True, sort=False):
            breakdown[str(key)] = _stat(part, how)
        breakdown = {k: breakdown[k] for k in _order(pd.Index(list(breakdown)))}
    return KpiValue(_stat(values, how), denominator=len(values), breakdown=breakdown)


def _stat(values: pd.Series, how: str) -> float | None:
    if values.empty:
        return None
    if how == "mean":
        return float(values.mean())
    if how == "median":
        return float(values.median())
    if how == "p90":
        return float(values.quantile(0.9, interpolation="linear"))
    if how == "max":
        return float(values.max())
    raise ValueError(how)


def ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def _order(keys: pd.Index) -> list[str]:
    present = [str(k) for k in keys if not pd.isna(k)]
    ordered = [p for p in PRIORITIES if p in present]
    return ordered + sorted(k for k in present if k not in PRIORITIES)
