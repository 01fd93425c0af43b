"""The PDF stage as the build and ``reportal pdf`` run it: render an edition's PDFs, then sign.

``edition_pdf_step(portal, bars)`` is what ``reportal build`` runs after each edition is built
(``publish`` calls it before the edition's scan); ``signing_step(portal)`` signs the issued
reports' PDFs, or says once that they are unsigned when reportal.yml has no ``signing:``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.model.language import portal_language
from reportal.pdf.edition import CACHE_DIR, jobs_for_edition, render_edition_pdfs
from reportal.pdf.sign import sign_jobs, sign_pdfs, signing_config
from reportal.portal.editions import Edition, reports_of

if TYPE_CHECKING:
    from reportal.model.portal import Portal
    from reportal.model.report import Report

EditionStep = Callable[[Path, Edition], list[Issue]]


def edition_pdf_step(portal: Portal, bars: bool) -> EditionStep:
    """Render (then sign) the PDF of every report of a built edition; ``bars`` draws progress."""
    sign = signing_step(portal)

    def render(edition_dir: Path, edition: Edition) -> list[Issue]:
        reports = reports_of(portal, edition)
        jobs = jobs_for_edition(edition_dir, reports, portal.registry)
        language = portal_language(None, portal.registry.settings.language)
        cache = portal.root / CACHE_DIR
        result = render_edition_pdfs(edition_dir, jobs, cache, language, progress=bars)
        return list(result.issues) + sign(edition_dir, reports)

    return render


def signing_step(portal: Portal) -> Callable[[Path, list[Report]], list[Issue]]:
    """Sign the issued reports' PDFs (``pdf/sign.py``); without ``signing:`` in reportal.yml
    say once (on stderr) that they are unsigned."""
    config = signing_config(portal.root, portal.registry.settings.signing)
    told: list[bool] = []

    def sign(edition_dir: Path, reports: list[Report]) -> list[Issue]:
        jobs = sign_jobs(edition_dir, reports)
        if config is None:
            if jobs and not told:
                told.append(True)
                sys.stderr.write("PDFs are not signed: reportal.yml has no `signing:` key\n")
            return []
        return sign_pdfs(jobs, config)[1]

    return sign
