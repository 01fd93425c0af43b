"""Targets and states: a value against a customer's target, warning and critical lines.

For a KPI where higher is better: met when value >= target; warning when it misses the target
but reaches the warning line; critical below the warning line (``severe`` when it is also
beyond the critical line). Lower-is-better KPIs mirror this. No target -> "no_target"; no
value (empty denominator) -> "no_data".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MET, WARNING, CRITICAL, NO_TARGET, NO_DATA = "met", "warning", "critical", "no_target", "no_data"


@dataclass(frozen=True)
class Target:
    target: float
    warning: float | None = None
    critical: float | None = None


@dataclass(frozen=True)
class Assessment:
    state: str
    severe: bool = False


_RANK = {MET: 0, NO_TARGET: 0, NO_DATA: 0, WARNING: 1, CRITICAL: 2}


def worst(*assessments: Assessment) -> Assessment:
    """The most serious of ``assessments`` (a row judged on several KPIs); ties keep the first.
    Only "met", "no target" and "no data" together keep the first one's state."""
    return max(assessments, key=lambda a: (_RANK.get(a.state, 0), a.severe))


def target_for(targets: Mapping[str, Any], kpi_id: str) -> Target | None:
    """The target of ``kpi_id`` in a customer's ``targets`` (data/customers.yml): a number, or
    ``{target, warning, critical}``; None when there is none or its target is not a number."""
    raw = targets.get(kpi_id)
    if isinstance(raw, int | float):
        return Target(float(raw))
    if not isinstance(raw, Mapping):
        return None
    return _target(raw.get("target"), raw.get("warning"), raw.get("critical"))


def customer_targets(targets: Mapping[str, Any]) -> dict[str, Target]:
    """Every target of a customer's ``targets``, by KPI id, in the file's order."""
    found = {str(kpi): target_for(targets, kpi) for kpi in targets}
    return {kpi: target for kpi, target in found.items() if target is not None}


def _target(target: Any, warning: Any, critical: Any) -> Target | None:
    line = _number(target)
    return None if line is None else Target(line, _number(warning), _number(critical))


def assess(value: float | None, target: Target | None, higher_is_better: bool | None) -> Assessment:
    if value is None:
        return Assessment(NO_DATA)
    if target is None or higher_is_better is None:
        return Assessment(NO_TARGET)
    sign = 1.0 if higher_is_better else -1.0

    def reaches(line: float | None) -> bool:
        return line is None or sign * value >= sign * line

    if reaches(target.target):
        return Assessment(MET)
    if target.warning is not None and reaches(target.warning):
        return Assessment(WARNING)
    severe = target.critical is not None and not reaches(target.critical)
    return Assessment(CRITICAL, severe=severe)


def _number(value: Any) -> float | None:
    """A number, or text that reads as one (an entry the schema rejected keeps its text)."""
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None
