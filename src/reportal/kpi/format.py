"""Number formatting for tables and charts: units, decimals, and "无数据" for no value."""

from __future__ import annotations

from reportal.kpi.definition_set import UNITS, KpiDefinition, KpiValue
from reportal.kpi.targets import Target
from reportal.model import strings


def format_number(value: float | None, decimals: int, lang: str = "zh") -> str:
    if value is None or value != value:  # None or NaN: never "nan%"
        return strings.text("kpi.no_data", lang)
    return f"{value:,.{decimals}f}"


def format_value(value: float | None, definition: KpiDefinition, lang: str = "zh") -> str:
    text = format_number(value, definition.decimals, lang)
    if value is None or value != value:
        return text
    unit = UNITS[definition.unit][lang]
    if definition.unit == "%":
        return f"{text}%"
    return f"{text} {unit}".strip()


def format_result(value: KpiValue, definition: KpiDefinition, lang: str = "zh") -> str:
    """``format_value`` with the issue code of a source with data errors ("无数据 [D110]") and
    the small-sample mark (a share over few tickets says so)."""
    text = format_value(value.value, definition, lang)
    if value.issue:
        return f"{text} [{value.issue}]"
    if value.small_sample and value.value is not None:
        text += strings.text("kpi.small_sample", lang, n=f"{value.denominator:.0f}")
    return text


def format_target(target: Target | None, definition: KpiDefinition, lang: str = "zh") -> str:
    if target is None:
        return "—"
    sign = "≥" if definition.higher_is_better else "≤"
    return f"{sign} {format_value(target.target, definition, lang)}"
