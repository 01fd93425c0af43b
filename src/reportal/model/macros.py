"""The macro allow-list: the only Jinja calls a report page may contain.

This is data, shared by validation (which parses report bodies with Jinja's parser and rejects
anything else) and by the macros adapter (which registers exactly these names). Customer and
period always come from the page's front matter, never from arguments.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MacroSpec:
    """A macro's name, its positional parameters, and its keyword parameters."""

    name: str
    positional: tuple[str, ...] = ()
    required: int = 0
    keywords: tuple[str, ...] = ()
    description: str = ""

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.positional + tuple(k for k in self.keywords if k not in self.positional)


ALLOWED_MACROS: dict[str, MacroSpec] = {
    spec.name: spec
    for spec in (
        MacroSpec(
            "kpi_table",
            positional=("family",),
            required=1,
            description="KPI table of one family: tickets, sla, resolution, quality, cohort, "
            "calls, csat, availability, actions",
        ),
        MacroSpec("sla_table", description="SLA attainment overall and by priority"),
        MacroSpec(
            "trend_chart",
            positional=("kpi",),
            required=1,
            keywords=("periods", "forecast"),
            description="Plotly trend chart of one KPI over the last N periods; forecast=3 "
            "adds a 3-period forecast of a volume KPI",
        ),
        MacroSpec("satisfaction", description="Customer satisfaction by survey channel"),
        MacroSpec("availability_table", description="System availability against target"),
        MacroSpec("actions_table", description="Open, overdue and closed improvement actions"),
        MacroSpec("data_coverage", description="Which sources cover how many days of the period"),
        MacroSpec("kpi_definitions", description="How every KPI in this report is computed"),
    )
}
