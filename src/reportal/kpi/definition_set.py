"""KPI definitions and results: the registry every table, chart, page and CLI reads.

A definition is data (id, titles, unit, direction, formula, denominator, edge cases) plus one
pure function ``compute(ctx) -> KpiValue``. Families register their definitions in
``reportal.kpi.definitions``; ``all_definitions()`` returns them in display order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportal.issues import closest

if TYPE_CHECKING:
    from reportal.kpi.context import KpiContext

Text = dict[str, str]  # {"zh": ..., "en": ...}

FAMILIES: dict[str, Text] = {
    "tickets": {"zh": "工单量", "en": "Ticket volumes"},
    "sla": {"zh": "服务级别", "en": "Service levels"},
    "resolution": {"zh": "处理时长", "en": "Time to resolve"},
    "quality": {"zh": "处理质量", "en": "Resolution quality"},
    "cohort": {"zh": "按创建期统计", "en": "Opened cohort"},
    "calls": {"zh": "呼叫中心", "en": "Call centre"},
    "csat": {"zh": "客户满意度", "en": "Customer satisfaction"},
    "availability": {"zh": "系统可用性", "en": "Availability"},
    "actions": {"zh": "改进措施", "en": "Improvement actions"},
}
UNITS: dict[str, Text] = {
    "count": {"zh": "个", "en": ""},
    "%": {"zh": "%", "en": "%"},
    "hours": {"zh": "小时", "en": "h"},
    "minutes": {"zh": "分钟", "en": "min"},
    "seconds": {"zh": "秒", "en": "s"},
    "score": {"zh": "分", "en": ""},
    "ms": {"zh": "毫秒", "en": "ms"},
}


@dataclass(frozen=True)
class KpiValue:
    """A computed value. ``value`` is None when the denominator is empty ("no data"), or when
    the source has rows that failed validation: then ``issue`` is the first error's code."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    breakdown: dict[str, float | None] = field(default_factory=dict)
    note: str = ""
    issue: str | None = None
    small_sample: bool = False  # a share over fewer tickets than the source's min_sample


@dataclass(frozen=True)
class KpiDefinition:
    id: str
    title: Text
    unit: str
    higher_is_better: bool | None  # None: a volume, neither good nor bad
    formula: Text
    denominator: Text
    edge_cases: Text
    source: str  # canonical table it reads
    compute: Callable[[KpiContext], KpiValue]
    breakdown: Text | None = None  # label of the breakdown keys (priority, channel, ...)
    decimals: int = 1
    population: Text | None = None  # which tickets (or rows) the KPI is about

    @property
    def family(self) -> str:
        return self.id.partition(".")[0]


_REGISTRY: dict[str, KpiDefinition] = {}


def register(*definitions: KpiDefinition) -> None:
    for definition in definitions:
        if definition.id in _REGISTRY:
            raise ValueError(f"duplicate KPI id {definition.id}")
        if definition.family not in FAMILIES:
            raise ValueError(f"{definition.id}: unknown family {definition.family}")
        _REGISTRY[definition.id] = definition


def all_definitions() -> list[KpiDefinition]:
    _load_families()
    order = list(FAMILIES)
    return sorted(_REGISTRY.values(), key=lambda d: order.index(d.family))


def get_definition(kpi_id: str) -> KpiDefinition | None:
    _load_families()
    return _REGISTRY.get(kpi_id)


def family_definitions(family: str) -> list[KpiDefinition]:
    return [d for d in all_definitions() if d.family == family]


def require_definition(kpi_id: str) -> KpiDefinition:
    """The definition of ``kpi_id``; a ``LookupError`` naming the closest KPI id when there is
    none (the one "unknown KPI" message of the engine, the tables and the macros)."""
    definition = get_definition(kpi_id)
    if definition is None:
        known = [d.id for d in all_definitions()]
        close = closest(kpi_id, known)
        hint = f' (did you mean "{close}"?)' if close else f" (known: {', '.join(known)})"
        raise LookupError(f'unknown KPI "{kpi_id}"{hint}')
    return definition


def require_family(family: str) -> list[KpiDefinition]:
    """The definitions of ``family``; a ``LookupError`` listing the families when it is none."""
    if family not in FAMILIES:
        raise LookupError(f'unknown KPI family "{family}" (expected one of: {", ".join(FAMILIES)})')
    return family_definitions(family)


def _load_families() -> None:
    import reportal.kpi.definitions  # noqa: F401  (registers every family on import)
