"""Resolution quality: reopen rate, reassignment, first-assignment and first-contact resolution."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from reportal.kpi.context import KpiContext
from reportal.kpi.definition_set import KpiDefinition, KpiValue, Text, register
from reportal.kpi.definitions.common import BY_PRIORITY, RESOLVED, recorded_share, t

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


def _share(column: str, test: Callable[[pd.Series], pd.Series]) -> Callable[[KpiContext], KpiValue]:
    def compute(ctx: KpiContext) -> KpiValue:
        return recorded_share(ctx.rows("tickets", "resolved"), column, test)

    return compute


def _quality(
    kid: str, title: Text, better: bool, formula: Text, column: str, fn: Callable[..., KpiValue]
) -> KpiDefinition:
    return KpiDefinition(
        id=kid,
        title=title,
        unit="%",
        higher_is_better=better,
        formula=formula,
        denominator=t(
            f"本期解决、且导出有该字段（{column}）的工单",
            f"tickets resolved in the period with {column} recorded",
        ),
        edge_cases=t(
            "分母为 0（或导出无该字段）时显示“无数据”。",
            "'no data' when the denominator is 0 or the export lacks the field.",
        ),
        source="tickets",
        compute=fn,
        breakdown=BY_PRIORITY,
        population=RESOLVED,
    )


register(
    _quality(
        "quality.reopen_rate",
        t("重开率", "Reopen rate"),
        False,
        t(
            "本期解决的工单中，重开次数 ≥ 1 的比例",
            "share of resolved tickets reopened at least once",
        ),
        "reopen_count",
        _share("reopen_count", lambda s: s > 0),
    ),
    _quality(
        "quality.reassignment_rate",
        t("转派率", "Reassignment rate"),
        False,
        t(
            "本期解决的工单中，转派次数 ≥ 1 的比例",
            "share of resolved tickets reassigned at least once",
        ),
        "reassignment_count",
        _share("reassignment_count", lambda s: s > 0),
    ),
    _quality(
        "quality.first_assignment_resolution",
        t("首次分派解决率", "First-assignment resolution"),
        True,
        t(
            "本期解决的工单中，未经转派即解决的比例",
            "share of resolved tickets resolved without reassignment",
        ),
        "reassignment_count",
        _share("reassignment_count", lambda s: s == 0),
    ),
    _quality(
        "quality.first_contact_resolution",
        t("一次解决率", "First-contact resolution"),
        True,
        t(
            "本期解决的工单中，标记为首次接触即解决的比例",
            "share of resolved tickets flagged as resolved at first contact",
        ),
        "first_contact",
        _share("first_contact", lambda s: s.fillna(False).astype(bool)),
    ),
)
