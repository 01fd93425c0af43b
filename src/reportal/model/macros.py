"""The macro allow-list: the only Jinja calls a report page may contain, and their arguments.

Each macro is described here once: its name, its arguments (type, default, allowed range) and
its zh/en docs. Validation (``validate/body.py``) reads the names and argument shapes, the KPI
layer (``kpi/macro_set.py``) attaches to each name the checks that need the KPI registry and the
block builder, the macros adapter (``site/macros.py``) registers exactly these names and
``scripts/gen_reference.py`` writes docs/reference/macros.md from them. This module is the
lowest layer (``model``) so that validation, below the KPI engine, can read it. Customer and
period always come from the page's front matter, never from arguments.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

Text = dict[str, str]  # {"zh": ..., "en": ...}
Problem = tuple[str, str, str | None]  # (issue code, message, hint)


@dataclass(frozen=True)
class Argument:
    """One argument of a macro. A whole-number argument has a range (``low``..``high``); a
    default outside it means "off" and is accepted too (``forecast=0``: no forecast)."""

    name: str
    kind: type
    doc: Text
    required: bool = False
    keyword_only: bool = False
    default: object = None
    low: int | None = None
    high: int | None = None
    hint: str | None = None  # shown with an out-of-range value

    def problems(self, macro: str, value: object) -> Iterator[Problem]:
        """B022 for a given whole-number argument outside its range (kinds checked by B006/B007
        are validation's; a text argument's values are the KPI layer's)."""
        if self.kind is not int or value is None or self._is_off(value):
            return
        if isinstance(value, bool) or not isinstance(value, int):
            yield "B022", f"{macro}(): {self.name} must be a whole number, not {value!r}", None
        elif not self.low <= value <= self.high:  # type: ignore[operator]
            message = f"{macro}(): {self.name} must be {self.low} to {self.high}, not {value}"
            yield "B022", message, self.hint

    def _is_off(self, value: object) -> bool:
        has_range = self.low is not None and self.high is not None
        off = has_range and not self.low <= self.default <= self.high  # type: ignore[operator]
        return off and value == self.default


@dataclass(frozen=True)
class MacroSpec:
    """A macro's name, its arguments, its docs and an example call (``example`` has the call's
    arguments, without the braces)."""

    name: str
    arguments: tuple[Argument, ...] = ()
    doc: Text | None = None
    example: str = ""

    @property
    def positional(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.arguments if not a.keyword_only)

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.arguments if a.keyword_only)

    @property
    def required(self) -> int:
        return sum(1 for a in self.arguments if a.required)

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.positional + self.keywords

    @property
    def description(self) -> str:
        return (self.doc or {}).get("en", "")

    def argument(self, name: str) -> Argument:
        return next(a for a in self.arguments if a.name == name)

    def signature(self) -> str:
        params = [*self.positional, *(f"{k}=…" for k in self.keywords)]
        return f"{self.name}({', '.join(params)})"


MAX_TREND_PERIODS = 60
MAX_FORECAST = 12

_FAMILY = Argument(
    "family",
    str,
    {"zh": "指标类别（见指标定义）", "en": "a KPI family (see the KPI definitions)"},
    required=True,
)
_KPI = Argument("kpi", str, {"zh": "指标编号，如 sla.resolution", "en": "a KPI id"}, required=True)
_PERIODS = Argument(
    "periods",
    int,
    {"zh": "显示最近几期", "en": "how many periods to show"},
    keyword_only=True,
    default=12,
    low=2,
    high=MAX_TREND_PERIODS,
    hint="12 shows the last year of monthly reports",
)
_FORECAST = Argument(
    "forecast",
    int,
    {
        "zh": "预测未来几期（仅数量类指标；0 不预测）",
        "en": "periods to forecast (volume KPIs only; 0: none)",
    },
    keyword_only=True,
    default=0,
    low=1,
    high=MAX_FORECAST,
    hint="3 forecasts the next quarter of monthly reports",
)


def _spec(name: str, zh: str, en: str, *arguments: Argument, example: str = "") -> MacroSpec:
    return MacroSpec(name, arguments, {"zh": zh, "en": en}, example)


ALLOWED_MACROS: dict[str, MacroSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "kpi_table",
            "一类指标的表格：tickets、sla、resolution、quality、cohort（按创建期统计）、calls、csat、"
            "availability、actions",
            "KPI table of one family: tickets, sla, resolution, quality, cohort, calls, csat, "
            "availability, actions",
            _FAMILY,
            example='"sla"',
        ),
        _spec("sla_table", "SLA 达成率，总体及按优先级", "SLA attainment overall and by priority"),
        _spec(
            "trend_chart",
            "某项指标最近 N 期的趋势图；forecast=3 为数量类指标追加未来 3 期预测",
            "Plotly trend chart of one KPI over the last N periods; forecast=3 adds a 3-period "
            "forecast of a volume KPI",
            _KPI,
            _PERIODS,
            _FORECAST,
            example='"sla.resolution", periods=12',
        ),
        _spec(
            "satisfaction", "客户满意度（按回访渠道）", "Customer satisfaction by survey channel"
        ),
        _spec("availability_table", "系统可用性与目标对比", "System availability against target"),
        _spec(
            "actions_table",
            "未关闭、逾期和已关闭的改进措施",
            "Open, overdue and closed improvement actions",
        ),
        _spec(
            "data_coverage",
            "各数据源对报告期的覆盖天数",
            "Which sources cover how many days of the period",
        ),
        _spec(
            "kpi_definitions",
            "本报告所用指标的计算口径",
            "How every KPI in this report is computed",
        ),
    )
}
