"""All checks of a portal: front matter, cross-references and bodies (validation layer), then
the data checks of this layer (bad cells, coverage gaps a report must explain, macro arguments
and the sources the macros read).

``check_all(root)`` is what ``reportal check`` and the MkDocs plugin run.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from reportal.cachedir import cache_dir
from reportal.issues import Issue
from reportal.kpi.shared import shared_engine
from reportal.kpi.snapshots import ReportContent
from reportal.validate.portal import Portal, check_portal, load_portal

PREVALIDATED_VARIABLE = "REPORTAL_PREVALIDATED"

# Data checks (sources.yml, bad cells, coverage) are appended here by the KPI engine.
DATA_CHECKS: list[Callable[[Portal], list[Issue]]] = []


def _register_data_checks() -> None:
    from reportal.kpi.data_checks import check_coverage, check_data_files
    from reportal.kpi.macro_checks import check_macro_calls

    DATA_CHECKS.extend([check_data_files, check_coverage, check_macro_calls])


_register_data_checks()


def check_all(root: Path, data_checks: bool = True) -> Portal:
    """The portal, loaded once, with every Issue; ``data_checks=False``: a build worker on an
    edition's staging tree, whose parent ran every check on the portal itself, only loads it
    (its own reading errors still count)."""
    if not data_checks:
        return load_portal(root, staged=True)
    portal = check_portal(root)
    shared_engine(portal.root, portal.registry)  # exports looked at once; the checks reuse it
    for check in DATA_CHECKS:
        portal.issues.extend(check(portal))
    return portal


def prevalidated() -> bool:
    """Whether this process is a build worker whose parent has run every check
    (``REPORTAL_PREVALIDATED=1``, set by ``reportal build``)."""
    return os.environ.get(PREVALIDATED_VARIABLE) == "1"


def report_content(portal: Portal) -> ReportContent:
    """The build's report content: the portal's one KPI engine (loaded files and results kept
    on disk) and each report's snapshot, frozen or computed once."""
    engine = shared_engine(portal.root, portal.registry, refresh=False)  # check_all looked
    return ReportContent(engine, portal, cache_dir(portal.root))
