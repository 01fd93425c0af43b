"""``plan_site()``: what an edition's site holds, as plain data (no MkDocs run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportal.kpi.checks import check_all
from reportal.model.portal import Portal
from reportal.model.snapshot import snapshot_path
from reportal.portal.listings import ALL_URI, BY_CATEGORY_URI, BY_CUSTOMER_URI
from reportal.portal.pages import page_source, report_src_uri
from reportal.site.plan import SitePlan, plan_site
from reportal.site.theme import PLOTLY_URI, TEMPLATES_URI

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def portal() -> Portal:
    return check_all(REPO_ROOT, data_checks=False)


@pytest.fixture(scope="module")
def provider(portal: Portal) -> SitePlan:
    return plan_site(portal, "provider", "zh")


@pytest.fixture(scope="module")
def huaxin(portal: Portal) -> SitePlan:
    return plan_site(portal, "huaxin", "zh")


def test_the_provider_plan_holds_every_report_at_its_place(
    portal: Portal, provider: SitePlan
) -> None:
    assert sorted(provider.pages) == sorted(report_src_uri(r) for r in portal.reports)
    uri = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
    assert provider.pages[uri].report.number == "SR-HUAXIN-2026-10-01"
    assert provider.markdown(uri) == page_source(provider.pages[uri].report)


def test_frozen_snapshots_go_beside_their_pages_in_the_provider_edition_only(
    portal: Portal, provider: SitePlan, huaxin: SitePlan
) -> None:
    frozen = [r for r in portal.reports if portal.frozen(r) is not None]
    assert frozen
    assert provider.snapshots == {
        snapshot_path(report_src_uri(r)): REPO_ROOT / snapshot_path(r.path) for r in frozen
    }
    assert huaxin.snapshots == {}  # its pages may have internal sections cut


def test_a_customer_plan_holds_its_issued_reports_with_internal_notes_cut(
    huaxin: SitePlan,
) -> None:
    assert huaxin.pages
    assert all(
        p.report.customer == "huaxin" and p.report.status.is_issued for p in huaxin.pages.values()
    )
    uri = "reports/huaxin/2026/SR-HUAXIN-2026-02-01.md"
    assert '!!! internal "内部备注"' in page_source(huaxin.pages[uri].report)
    assert "内部备注" not in huaxin.markdown(uri)
    assert huaxin.markdown(uri).count("\n") <= page_source(huaxin.pages[uri].report).count("\n")


def test_listings_nav_and_assets_are_planned(provider: SitePlan, huaxin: SitePlan) -> None:
    assert [uri for uri in provider.listings if provider.in_nav(uri)] == [ALL_URI]
    assert [g.index_uri for g in provider.nav] == [BY_CUSTOMER_URI, BY_CATEGORY_URI]
    customers = [uri for uri, _title in provider.nav[0].entries]
    assert customers == ["reports/dingsheng/index.md", "reports/huaxin/index.md"]
    assert [uri for uri, _title in huaxin.nav[0].entries] == ["reports/huaxin/index.md"]
    assert all(uri in provider.listings for g in provider.nav for uri, _ in g.entries)
    assert isinstance(provider.assets[PLOTLY_URI], Path) and TEMPLATES_URI in provider.assets
    assert {"plan.md", "register/register.xlsx", "dashboard/huaxin.md"} <= set(provider.generated)


def test_superseded_reports_know_their_successors(provider: SitePlan) -> None:
    newer = provider.successors["SR-HUAXIN-2026-03-01"]
    assert newer and all(r.supersedes == "SR-HUAXIN-2026-03-01" for r in newer)
