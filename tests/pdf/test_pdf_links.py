"""The PDF stage marks a page's "下载 PDF" link found only when the PDF sits beside it."""

from __future__ import annotations

import re
from pathlib import Path

from reportal.pdf.cache import page_key
from reportal.pdf.links import mark_found_pdfs
from reportal.portal.header import pdf_actions


def page(edition: Path, rel: str, href: str) -> Path:
    path = edition / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body><article>{pdf_actions(href, 'zh')}</article></body></html>")
    return path


def test_only_links_to_existing_pdfs_are_marked(tmp_path: Path) -> None:
    with_pdf = page(tmp_path, "reports/a/2026/A-1/index.html", "A-1.pdf")
    (with_pdf.parent / "A-1.pdf").write_bytes(b"%PDF-")
    without = page(tmp_path, "reports/a/2026/A-2/index.html", "A-2.pdf")
    home = page(tmp_path, "index.html", "reports/a/2026/A-1/A-1.pdf")
    key_before = page_key(tmp_path, "reports/a/2026/A-1/index.html", "s")
    pages = ["reports/a/2026/A-1/index.html", "reports/a/2026/A-2/index.html", "index.html"]
    mark_found_pdfs(tmp_path, [*pages, "missing.html"])
    assert 'data-pdf-check="found"' in with_pdf.read_text()
    assert 'data-pdf-check="pending"' in without.read_text()
    assert 'data-pdf-check="found"' in home.read_text()
    # the cache sees the page as built: marking it does not make the PDF stale
    assert page_key(tmp_path, "reports/a/2026/A-1/index.html", "s") == key_before


def test_listing_rows_link_the_pdfs_that_exist(tmp_path: Path, repo_root: Path) -> None:
    from factories import make_report
    from reportal.pdf.links import listing_pages
    from reportal.portal.listings import listing_pages as listings
    from reportal.validate.registry_checks import load_registry

    registry = load_registry(repo_root)[0]
    made, missing = make_report("SR-HUAXIN-2026-10-01"), make_report("SR-HUAXIN-2026-09-01")
    listing = next(
        p
        for p in listings([made, missing], registry, "zh")
        if p.src_uri == "reports/huaxin/index.md"
    )
    links = re.findall(r'<a class="reportal-pdf-small"[^>]*>PDF</a>', listing.markdown)
    assert len(links) == 2 and all('data-pdf-check="pending"' in link for link in links)
    html = tmp_path / "reports/huaxin/index.html"
    html.parent.mkdir(parents=True)
    html.write_text("<table>" + "".join(links) + "</table>", encoding="utf-8")
    pdf = tmp_path / "reports/huaxin/2026/SR-HUAXIN-2026-10-01/SR-HUAXIN-2026-10-01.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-")
    mark_found_pdfs(tmp_path, listing_pages(tmp_path))
    marked = html.read_text(encoding="utf-8")
    assert (
        'data-pdf-check="found" href="2026/SR-HUAXIN-2026-10-01/SR-HUAXIN-2026-10-01.pdf"' in marked
    )
    assert (
        'data-pdf-check="pending" href="2026/SR-HUAXIN-2026-09-01/SR-HUAXIN-2026-09-01.pdf"'
        in marked
    )
