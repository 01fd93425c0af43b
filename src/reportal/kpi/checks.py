"""Every check of a portal, from one entry point, in one order.

``check_all(root)`` is what ``reportal check``, ``build`` and ``freeze`` and the MkDocs plugin
run. It lives here, in the KPI layer, because the last checks read the exports and this layer
sits above validation; each check stays in the module that knows its subject:

1. Reading (``load_portal``, validate/portal.py): reportal.yml and the registry files
   (validate/registry_checks.py), snapshot files (``read_snapshots``, validate/snapshots.py)
   and every report's front matter (validate/fields.py). A report whose front matter is
   invalid is kept aside (``portal.rejected``), so its body is still checked below.
2. ``VALIDATION_CHECKS`` (the validate layer: no export is read): cross-references and
   signatories (validate/crossrefs.py), bodies and placeholders (validate/body.py), snapshots
   against their reports (validate/snapshots.py), CODEOWNERS (validate/codeowners.py).
3. ``DATA_CHECKS`` (this layer, through the portal's one KPI engine): sources.yml and every bad
   cell of every export, then coverage gaps a regular report must explain
   (kpi/data_checks.py), then macro arguments and the sources they read (kpi/macro_checks.py).
4. Drift, with ``drift=True`` (``reportal check``) and only when nothing above is an error:
   frozen figures against today's exports, warnings (``check_drift``, kpi/freeze.py).
5. ``later``: checks of higher layers, which this one may not import, passed in by the caller:
   ``reportal check`` passes the archive's immutability check (``check_against``,
   archive/immutability.py) when there is a reference to compare with.

Not here, because they check something other than the portal's sources: the plugin's
post-build check of the built HTML (site/postcheck.py), ``reportal verify`` of an archive
(archive/verify.py, pdf/signature.py) and the deploy checks (deploy/).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Literal

from reportal.cachedir import cache_dir
from reportal.issues import Issue, has_errors
from reportal.kpi.data_checks import check_coverage, check_data_files
from reportal.kpi.freeze import check_drift
from reportal.kpi.macro_checks import check_macro_calls
from reportal.kpi.shared import preset_sources, shared_engine
from reportal.kpi.snapshots import ReportContent
from reportal.kpi.sources import SourceSet
from reportal.kpi.sources_file import load_sources
from reportal.kpi.warm import warm_caches
from reportal.model.language import portal_language
from reportal.model.portal import Portal
from reportal.validate.body import check_body
from reportal.validate.codeowners import check_codeowners
from reportal.validate.crossrefs import check_crossrefs
from reportal.validate.portal import load_portal
from reportal.validate.snapshots import check_snapshots

PREVALIDATED_VARIABLE = "REPORTAL_PREVALIDATED"

PortalCheck = Callable[[Portal], list[Issue]]
Warm = Literal["exports", "build"]

VALIDATION_CHECKS: list[PortalCheck] = [
    check_crossrefs,
    check_body,
    check_snapshots,
    check_codeowners,
]
DATA_CHECKS: list[PortalCheck] = [check_data_files, check_coverage, check_macro_calls]


def check_all(
    root: Path,
    data_checks: bool = True,
    *,
    drift: bool = False,
    later: Sequence[PortalCheck] = (),
    warm: Warm | None = None,
) -> Portal:
    """The portal, loaded once, with every Issue (steps 1 to 5 above); ``data_checks=False``:
    a build worker on an edition's staging tree, whose parent ran every check on the portal
    itself, only loads it (its own reading errors still count). ``warm``: first fill the
    on-disk caches on both cores (kpi/warm.py): ``"exports"`` (``reportal check``), or
    ``"build"``: the exports and every live report's snapshot in the portal's language."""
    if not data_checks:
        return _HANDED_OVER.pop(root.resolve(), None) or load_portal(root, staged=True)
    portal = check_sources(root, warm)
    portal.issues.extend(check_data(portal))
    if drift and not has_errors(portal.issues):
        portal.issues.extend(check_drift(report_content(portal), portal.registry.settings.language))
    _run(portal, later)
    return portal


_HANDED_OVER: dict[Path, Portal] = {}


def hand_over(portal: Portal, sources: SourceSet | None = None) -> None:
    """In a build worker: the staged portal its parent loaded and checked, returned by the next
    ``check_all(portal.root, data_checks=False)`` instead of reading the staging tree again, and
    the ``data/sources.yml`` it read, for the portal's engine."""
    _HANDED_OVER[portal.root.resolve()] = portal
    if sources is not None:
        preset_sources(portal.root, sources)


def check_sources(root: Path, warm: Warm | None = None) -> Portal:
    """Steps 1 and 2, then (``warm``) the caches of step 3 filled: what ``reportal build`` needs
    before it stages its editions. It runs ``check_data``, step 3, while they build."""
    portal = load_portal(root)
    customers = set(portal.registry.customers)
    preset_sources(root, load_sources(root, customers, cache_dir(portal.root)))  # memo kept
    engine = shared_engine(portal.root, portal.registry)  # exports looked at once; reused below
    validate = partial(_run, portal, VALIDATION_CHECKS)  # step 2 reads no export
    if warm is None:
        validate()
    else:  # step 2 runs while a second process starts warming
        language = portal_language(None, portal.registry.settings.language)
        warm_caches(portal, engine, [language] if warm == "build" else [], meanwhile=validate)
    return portal


def check_data(portal: Portal) -> list[Issue]:
    """Step 3, the data checks, through the portal's one KPI engine (``check_sources`` made it)."""
    return [issue for check in DATA_CHECKS for issue in check(portal)]


def check_portal(root: Path, staged: bool = False) -> Portal:
    """Steps 1 and 2 only: the checks that read no export (the validate layer's own)."""
    portal = load_portal(root, staged)
    _run(portal, VALIDATION_CHECKS)
    return portal


def _run(portal: Portal, checks: Sequence[PortalCheck]) -> None:
    for check in checks:
        portal.issues.extend(check(portal))


def prevalidated() -> bool:
    """Whether this process is a build worker whose parent has run every check
    (``REPORTAL_PREVALIDATED=1``, set by ``reportal build``)."""
    return os.environ.get(PREVALIDATED_VARIABLE) == "1"


def report_content(portal: Portal) -> ReportContent:
    """The build's report content: the portal's one KPI engine (loaded files and results kept
    on disk) and each report's snapshot, frozen or computed once."""
    engine = shared_engine(portal.root, portal.registry, refresh=False)  # check_all looked
    return ReportContent(engine, portal, cache_dir(portal.root))
