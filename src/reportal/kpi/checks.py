"""All checks of a portal: front matter, cross-references and bodies (validation layer), then
the data checks of this layer (bad cells, coverage gaps a report must explain, macro arguments
and the sources the macros read).

``check_all(root)`` is what ``reportal check`` and the MkDocs plugin run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportal.issues import Issue
from reportal.validate.portal import Portal, check_portal

# Data checks (sources.yml, bad cells, coverage) are appended here by the KPI engine.
DATA_CHECKS: list[Callable[[Portal], list[Issue]]] = []


def _register_data_checks() -> None:
    from reportal.kpi.data_checks import check_coverage, check_data_files
    from reportal.kpi.macro_checks import check_macro_calls

    DATA_CHECKS.extend([check_data_files, check_coverage, check_macro_calls])


_register_data_checks()


def check_all(root: Path) -> Portal:
    portal = check_portal(root)
    for check in DATA_CHECKS:
        portal.issues.extend(check(portal))
    return portal
