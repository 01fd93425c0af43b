"""The PDF stage marks a page's "下载 PDF" link found only when the PDF sits beside it."""

from __future__ import annotations

from pathlib import Path

from reportal.export.pdf_cache import page_key
from reportal.export.pdf_links import mark_found_pdfs
from reportal.site.header import pdf_actions


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
