"""A site plan (``site/plan.py``) handed to MkDocs as ``File`` objects, in ``on_files``."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from reportal.model.snapshot import snapshot_path
from reportal.site.plan import SitePlan

log = logging.getLogger("mkdocs.plugins.reportal")
NOT_IN_NAV = InclusionLevel.NOT_IN_NAV  # reports and most listings: reached through listings


def add_plan_files(files: Files, config: MkDocsConfig, plan: SitePlan) -> None:
    """Add every page and file of ``plan`` to ``files`` (a report's snapshot right after it)."""
    for uri in plan.pages:
        _add(files, File.generated(config, uri, content=plan.markdown(uri), inclusion=NOT_IN_NAV))
        snapshot = plan.snapshots.get(snapshot_path(uri))
        if snapshot is not None:
            _add(files, File.generated(config, snapshot_path(uri), abs_src_path=str(snapshot)))
    for uri, listing in plan.listings.items():
        inclusion = InclusionLevel.UNDEFINED if plan.in_nav(uri) else NOT_IN_NAV
        _add(files, File.generated(config, uri, content=listing.markdown, inclusion=inclusion))
    for uri, asset in plan.assets.items():
        if files.get_file_from_path(uri) is None:  # the portal's own copy wins
            files.append(_generated(config, uri, asset))
    for uri, content in plan.generated.items():
        _add(files, File.generated(config, uri, content=content))  # issue 6: portal pages


def _generated(config: MkDocsConfig, uri: str, source: str | Path) -> File:
    if isinstance(source, Path):
        return File.generated(config, uri, abs_src_path=str(source))
    return File.generated(config, uri, content=source)


def _add(files: Files, file: File) -> None:
    """Add a generated file; a same-named file from ``docs/`` gives way (with a warning)."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        log.warning(f"reportal: docs file '{file.src_uri}' is replaced by the generated page")
        files.remove(existing)
    files.append(file)
