"""Listing pages (generated Markdown): all reports, per customer, per customer-year, per category,
and one overview per navigation section (by customer, by category).

These pages replace a navigation that lists every report (Material renders the whole nav into
every page, which makes a build quadratic in the number of reports). Every piece of front-matter
text is escaped for Markdown and HTML; links point at the reports' generated ``.md`` sources so
MkDocs resolves (and, in strict mode, checks) them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from reportal.model import strings
from reportal.model.registry import Registry
from reportal.model.report import Category, Report
from reportal.portal.escape import escape_html, escape_markdown
from reportal.portal.pages import report_src_uri
from reportal.portal.urls import page_url, rel_link

ALL_URI = "reports/index.md"
BY_CUSTOMER_URI = "reports/by_customer/index.md"  # "_" keeps it apart from customer ids
BY_CATEGORY_URI = "reports/category/index.md"
COLUMNS_ALL = (
    "field.number", "field.title", "field.customer", "field.period", "field.category",
    "field.status", "field.issued",
)  # fmt: skip


@dataclass(frozen=True)
class ListingPage:
    """A generated listing page: its source path, plain-text title and Markdown."""

    src_uri: str
    title: str
    markdown: str


def customer_uri(customer: str) -> str:
    return f"reports/{customer}/index.md"


def year_uri(customer: str, year: int) -> str:
    return f"reports/{customer}/{year}/index.md"


def category_uri(category: Category) -> str:
    return f"reports/category/{category.value}/index.md"


def listing_pages(reports: Sequence[Report], registry: Registry, lang: str) -> list[ListingPage]:
    """Every listing page of an edition holding ``reports``."""
    ordered = sorted(reports, key=lambda r: (r.period.start, r.number), reverse=True)
    pages = [_all_page(ordered, registry, lang), *_overview_pages(ordered, registry, lang)]
    for customer in _customers(ordered):
        mine = [r for r in ordered if r.customer == customer]
        pages.append(_customer_page(customer, mine, registry, lang))
        for year, group in groupby(mine, key=lambda r: r.year):
            pages.append(_year_page(customer, year, list(group), registry, lang))
    for category in Category:
        of_kind = [r for r in ordered if r.category is category]
        if of_kind:
            pages.append(_category_page(category, of_kind, registry, lang))
    return pages


def category_label(category: Category, language: str) -> str:
    """The text of a report category (``category.<value>`` in ``model/strings.yml``)."""
    return strings.text(f"category.{category.value}", language)


def customer_name(registry: Registry, customer: str) -> str:
    known = registry.customers.get(customer)
    return known.short_name if known else customer


def _customers(reports: Iterable[Report]) -> list[str]:
    return sorted({r.customer for r in reports})


def _all_page(reports: Sequence[Report], registry: Registry, lang: str) -> ListingPage:
    title = strings.text("listing.all_reports", lang)
    lines = [f"# {escape_markdown(title)}", "", strings.text("listing.intro_all", lang), ""]
    lines += [f"## {strings.text('listing.by_customer', lang)}", ""]
    lines += _customer_items(reports, ALL_URI, registry, lang)
    lines += ["", f"## {strings.text('listing.by_category', lang)}", ""]
    lines += _category_items(reports, ALL_URI, lang)
    lines += ["", f"## {strings.text('listing.report_list', lang)}", ""]
    lines += _table(reports, ALL_URI, COLUMNS_ALL, registry, lang)
    return ListingPage(ALL_URI, title, "\n".join(lines) + "\n")


def _overview_pages(reports: Sequence[Report], registry: Registry, lang: str) -> list[ListingPage]:
    """The index pages of the nav sections "by customer" and "by category" (Material's
    ``navigation.indexes`` would otherwise take the first customer or category as the section's
    own page and drop it from the list)."""
    by_customer = _customer_items(reports, BY_CUSTOMER_URI, registry, lang)
    by_category = _category_items(reports, BY_CATEGORY_URI, lang)
    return [
        _overview_page(
            BY_CUSTOMER_URI, strings.text("listing.by_customer", lang), by_customer, lang
        ),
        _overview_page(
            BY_CATEGORY_URI, strings.text("listing.by_category", lang), by_category, lang
        ),
    ]


def _overview_page(uri: str, title: str, items: list[str], lang: str) -> ListingPage:
    lines = [f"# {escape_markdown(title)}", "", *(items or [strings.text("listing.none", lang)])]
    return ListingPage(uri, title, "\n".join(lines) + "\n")


def _customer_items(
    reports: Sequence[Report], from_uri: str, registry: Registry, lang: str
) -> list[str]:
    items: list[str] = []
    for customer in _customers(reports):
        count = sum(r.customer == customer for r in reports)
        name = escape_markdown(customer_name(registry, customer))
        link = rel_link(from_uri, customer_uri(customer))
        items.append(f"- [{name}]({link}){strings.text('word.count_suffix', lang, n=count)}")
    return items


def _category_items(reports: Sequence[Report], from_uri: str, lang: str) -> list[str]:
    items: list[str] = []
    for category in Category:
        count = sum(r.category is category for r in reports)
        if count:
            name = category_label(category, lang)
            link = rel_link(from_uri, category_uri(category))
            items.append(f"- [{name}]({link}){strings.text('word.count_suffix', lang, n=count)}")
    return items


def _customer_page(
    customer: str, reports: Sequence[Report], registry: Registry, lang: str
) -> ListingPage:
    uri = customer_uri(customer)
    title = strings.text("listing.customer_reports", lang, name=customer_name(registry, customer))
    columns = tuple(c for c in COLUMNS_ALL if c != "field.customer")
    lines = [f"# {escape_markdown(title)}", "", _count(reports, lang), ""]
    for year, group in groupby(reports, key=lambda r: r.year):
        lines += [f"## [{year}]({rel_link(uri, year_uri(customer, year))})", ""]
        lines += [*_table(list(group), uri, columns, registry, lang), ""]
    return ListingPage(uri, title, "\n".join(lines) + "\n")


def _year_page(
    customer: str, year: int, reports: Sequence[Report], registry: Registry, lang: str
) -> ListingPage:
    uri = year_uri(customer, year)
    name = customer_name(registry, customer)
    title = strings.text("listing.year_reports", lang, name=name, year=year)
    columns = tuple(c for c in COLUMNS_ALL if c != "field.customer")
    lines = [f"# {escape_markdown(title)}", "", _count(reports, lang), ""]
    lines += _table(reports, uri, columns, registry, lang)
    return ListingPage(uri, title, "\n".join(lines) + "\n")


def _category_page(
    category: Category, reports: Sequence[Report], registry: Registry, lang: str
) -> ListingPage:
    uri = category_uri(category)
    title = category_label(category, lang)
    columns = tuple(c for c in COLUMNS_ALL if c != "field.category")
    lines = [f"# {escape_markdown(title)}", "", _count(reports, lang), ""]
    lines += _table(reports, uri, columns, registry, lang)
    return ListingPage(uri, title, "\n".join(lines) + "\n")


def _count(reports: Sequence[Report], lang: str) -> str:
    return strings.text("listing.count", lang, n=len(reports))


def _table(
    reports: Sequence[Report], from_uri: str, columns: Sequence[str], registry: Registry, lang: str
) -> list[str]:
    if not reports:
        return [strings.text("listing.none", lang)]
    if len({r.customer for r in reports}) == 1:  # e.g. a customer edition: no 客户 column
        columns = tuple(c for c in columns if c != "field.customer")
    head = "| " + " | ".join(strings.text(c, lang) for c in columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    rows = [_row(r, from_uri, columns, registry, lang) for r in reports]
    return [head, rule, *rows]


def _row(
    report: Report, from_uri: str, columns: Sequence[str], registry: Registry, lang: str
) -> str:
    title_link = rel_link(from_uri, report_src_uri(report))
    cells = {
        "field.number": f'<span class="reportal-number">{escape_html(report.number)}</span>',
        "field.title": f"[{escape_markdown(report.title)}]({title_link})"
        + _pdf_link(report, from_uri, lang),
        "field.customer": escape_markdown(customer_name(registry, report.customer)),
        "field.period": escape_markdown(report.period.text),
        "field.category": category_label(report.category, lang),
        "field.status": status_badge(report, lang),
        "field.issued": report.issued.isoformat() if report.issued else "—",
    }
    return "| " + " | ".join(cells[c] for c in columns) + " |"


def _pdf_link(report: Report, from_uri: str, lang: str) -> str:
    """A small PDF link after the title: hidden until the PDF stage has marked it found
    (``pdf/links.py``), so a preview or a ``--no-pdf`` build shows none."""
    href = rel_link(from_uri, page_url(report_src_uri(report)) + f"{report.number}.pdf")
    return (
        f' <a class="reportal-pdf-small" data-pdf-check="pending" href="{escape_html(href)}"'
        f' aria-label="{escape_html(report.number)} PDF">PDF</a>'
    )


def status_badge(report: Report, lang: str) -> str:
    status = report.status.value
    text = escape_html(strings.text(f"status.{report.status.value}", lang))
    return f'<span class="reportal-status reportal-status--{status}">{text}</span>'
