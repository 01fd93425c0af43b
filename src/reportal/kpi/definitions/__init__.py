"""Built-in KPI families, registered on import the way a portal would register its own."""

from reportal.kpi.definitions import (  # noqa: F401
    actions,
    availability,
    calls,
    cohort,
    csat,
    quality,
    resolution,
    sla,
    tickets,
)
