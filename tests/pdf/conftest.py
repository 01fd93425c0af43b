"""Fixtures for the PDF tests: the registry, and the fixture edition rendered once."""

from __future__ import annotations

import pytest
from pdf_site import REPO_ROOT, PdfRun, build_fixture_edition, fixture_reports

from reportal.model.registry import Registry
from reportal.pdf.edition import job_for_report, render_edition_pdfs
from reportal.validate.registry_checks import load_registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    loaded, issues = load_registry(REPO_ROOT)
    assert not issues, issues
    return loaded


@pytest.fixture(scope="session")
def pdf_run(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> PdfRun:
    """The fixture edition built once, every job rendered once (one browser)."""
    base = tmp_path_factory.mktemp("pdf-edition")
    reports = fixture_reports()
    edition = build_fixture_edition(base, reports, registry)
    jobs = [job_for_report(report, registry) for report, _ in reports]
    cache = base / "cache"
    result = render_edition_pdfs(edition, jobs, cache, "zh", chart_timeout_ms=8_000)
    return PdfRun(edition, cache, jobs, result)
