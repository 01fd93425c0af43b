"""``plan_site()``: what one edition's site holds, as plain data (no MkDocs in here).

The ``reportal`` MkDocs plugin hands the plan to MkDocs in its hooks (``site/files.py`` turns it
into ``File`` objects, ``site/navigation.py`` into nav sections); a static build
(``publish/static_plan.py``, Zensical) writes the same plan out as files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportal.model import strings
from reportal.model.portal import Portal
from reportal.model.registry import Registry
from reportal.model.report import Category, Report
from reportal.model.snapshot import snapshot_path
from reportal.portal.approvals import Approval, issued_approvals, load_approvals
from reportal.portal.dashboard import KpiSource
from reportal.portal.editions import PROVIDER
from reportal.portal.generated import generated_files
from reportal.portal.header import render_header
from reportal.portal.internal import cut_internal
from reportal.portal.listings import (
    ALL_URI,
    BY_CATEGORY_URI,
    BY_CUSTOMER_URI,
    ListingPage,
    category_label,
    category_uri,
    customer_name,
    customer_uri,
    listing_pages,
)
from reportal.portal.pages import ReportPage, page_source, report_pages, select_reports
from reportal.portal.print_blocks import render_print_blocks
from reportal.site.theme import PLOTLY_URI, TEMPLATES_URI, plotly_source, plotly_templates_script


@dataclass(frozen=True)
class NavGroup:
    """A generated section: its title, its overview page and its entries ``(src_uri, title)``."""

    title: str
    index_uri: str
    entries: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class SitePlan:
    """The pages and files Reportal adds to an edition's ``docs/``, all named by src_uri."""

    edition: str
    lang: str
    registry: Registry
    reports: list[Report]
    """The reports the edition holds."""
    pages: dict[str, ReportPage]
    """Report pages (reached through the listings, never in the nav); Markdown: ``markdown()``."""
    snapshots: dict[str, Path]
    """Frozen snapshots beside issued report pages (provider edition only: a customer edition's
    pages may have internal sections cut), for auditors and ``reportal verify``."""
    listings: dict[str, ListingPage]
    """Listing pages; only ``ALL_URI`` is in the docs nav (``in_nav``)."""
    generated: dict[str, str | bytes]
    """Portal pages and downloads (``portal/generated.py``)."""
    assets: dict[str, str | Path]
    """plotly.js (a file to copy) and the chart templates script; a docs file of the same
    name wins over them."""
    nav: list[NavGroup]
    """Sections appended beside ``ALL_URI``: by customer, by category."""
    approvals: dict[str, Approval]
    """Report path -> its approval in git (issued reports)."""
    successors: dict[str, list[Report]]
    """Report number -> the reports of the edition that supersede it."""

    def markdown(self, uri: str) -> str:
        """What the site generator reads for the report page ``uri``: its body at the same
        lines as in the file, internal notes cut outside the provider edition (as staging)."""
        source = page_source(self.pages[uri].report)
        return source if self.edition == PROVIDER else cut_internal(source)

    def let_go(self, uri: str) -> None:
        """Forget the Markdown of the generated page ``uri`` once it is converted (a large
        portal's listings and dashboards: tens of megabytes)."""
        if isinstance(self.generated.get(uri), str):
            self.generated[uri] = ""
        if uri in self.listings:
            self.listings[uri] = replace(self.listings[uri], markdown="")

    def header(self, report: Report, link_for: Callable[[str], str | None]) -> str:
        """The header a report page opens with (``link_for(number)``: a relative URL to the
        page of that report, None when the edition does not hold it)."""
        return render_header(
            report,
            self.registry,
            lang=self.lang,
            successors=self.successors.get(report.number, []),
            link_for=link_for,
            approval=self.approvals.get(report.path),
        )

    def print_blocks(self, report: Report) -> tuple[str, str]:
        """The print-only blocks before the body (cover, signatures) and after it (end)."""
        return render_print_blocks(
            report, self.registry, self.lang, self.approvals.get(report.path)
        )

    @staticmethod
    def in_nav(uri: str) -> bool:
        """Whether a listing page keeps the place the docs nav gives it (the others do not)."""
        return uri == ALL_URI


def plan_site(
    portal: Portal, edition: str, lang: str, kpi_source: KpiSource | None = None
) -> SitePlan:
    """The plan of ``edition`` (``provider`` or a customer id) of the checked ``portal``."""
    reports = select_reports(portal.reports, edition)
    pages = report_pages(reports)
    found = load_approvals(portal.root, portal.registry.settings.reports_dir)
    return SitePlan(
        edition=edition,
        lang=lang,
        registry=portal.registry,
        reports=reports,
        pages=pages,
        snapshots=_snapshots(portal, pages) if edition == PROVIDER else {},
        listings={p.src_uri: p for p in listing_pages(reports, portal.registry, lang)},
        generated=generated_files(portal, edition, lang, kpi_source=kpi_source),
        assets={PLOTLY_URI: plotly_source(), TEMPLATES_URI: plotly_templates_script()},
        nav=nav_groups(portal, reports, lang),
        approvals=issued_approvals(found, reports),
        successors=successors(reports),
    )


def nav_groups(portal: Portal, reports: list[Report], lang: str) -> list[NavGroup]:
    """The listing sections: one page per customer, one per category the reports have."""
    customers = sorted({r.customer for r in reports})
    categories = [c for c in Category if any(r.category is c for r in reports)]
    by_customer = [(customer_uri(c), customer_name(portal.registry, c)) for c in customers]
    by_category = [(category_uri(c), category_label(c, lang)) for c in categories]
    return [
        NavGroup(strings.text("listing.by_customer", lang), BY_CUSTOMER_URI, by_customer),
        NavGroup(strings.text("listing.by_category", lang), BY_CATEGORY_URI, by_category),
    ]


def successors(reports: list[Report]) -> dict[str, list[Report]]:
    """``number -> reports in the edition that supersede it``."""
    found: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        if report.supersedes:
            found[report.supersedes].append(report)
    return dict(found)


def _snapshots(portal: Portal, pages: dict[str, ReportPage]) -> dict[str, Path]:
    return {
        snapshot_path(uri): portal.root / snapshot_path(page.report.path)
        for uri, page in pages.items()
        if portal.frozen(page.report) is not None
    }
