"""Every PDF is checked before it is published or cached, and the cache key follows the fonts.

With an empty fontconfig the build exited 0 with PDFs holding no font and four characters of
text, and after the fonts came back the cache kept publishing those blank PDFs.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from pdf_site import GOOD, PdfRun
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from reportal.pdf import edition as pdf_module
from reportal.pdf.edition import render_edition_pdfs
from reportal.pdf.verify import verify_pdf

NUMBER = "SR-HUAXIN-2026-10-01"


def pdf_with_text(path: Path, text: str, embedded: bool = False) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(width=400, height=400)
    if text:
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        resources = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): resources})
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 10 200 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    with path.open("wb") as out:
        writer.write(out)
    return path


def test_a_pdf_without_text_fails(tmp_path: Path) -> None:
    problem = verify_pdf(pdf_with_text(tmp_path / "a.pdf", ""), NUMBER)
    assert problem is not None and problem.startswith("its text layer holds 0 characters")


def test_a_pdf_with_fonts_not_embedded_fails(tmp_path: Path) -> None:
    text = f"{NUMBER} Service report for October, availability and tickets"
    problem = verify_pdf(pdf_with_text(tmp_path / "a.pdf", text), NUMBER)
    assert problem == "fonts are not embedded: /Helvetica"


def test_a_file_that_is_no_pdf_fails(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7\n garbage")
    problem = verify_pdf(tmp_path / "a.pdf", NUMBER)
    assert problem is not None and problem.startswith("it cannot be read back")


@pytest.mark.browser
def test_the_printed_pdfs_pass(pdf_run: PdfRun) -> None:
    for job in pdf_run.jobs:
        if (pdf_run.edition / job.target).is_file():
            assert verify_pdf(pdf_run.edition / job.target, job.number) is None, job.number


@pytest.mark.browser
def test_without_fonts_the_pdf_fails_and_nothing_is_published_or_cached(
    pdf_run: PdfRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(pdf_run.edition, edition)
    job = next(job for job in pdf_run.jobs if job.number == GOOD)
    (edition / job.target).unlink()
    fonts = tmp_path / "fonts.conf"  # a fontconfig that knows no font at all
    fonts.write_text('<?xml version="1.0"?><fontconfig><dir>/nonexistent</dir></fontconfig>')
    monkeypatch.setenv("FONTCONFIG_FILE", str(fonts))
    cache = tmp_path / "cache"
    result = render_edition_pdfs(edition, [job], cache, "zh", chart_timeout_ms=8_000)
    assert (result.rendered, result.reused) == (0, 0)
    [issue] = result.issues
    assert (issue.code, issue.file) == ("PDF005", job.source)
    assert issue.message.startswith(f"PDF of {GOOD} not made: ")
    assert not (edition / job.target).exists()
    assert not list(cache.rglob("*.pdf"))


@pytest.mark.browser
def test_other_fonts_are_another_cache_key(
    pdf_run: PdfRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = next(job for job in pdf_run.jobs if job.number == GOOD)
    again = render_edition_pdfs(pdf_run.edition, [job], pdf_run.cache, "zh")
    assert (again.rendered, again.reused) == (0, 1)
    monkeypatch.setattr(pdf_module, "font_identity", lambda: "fonts: none")
    changed = render_edition_pdfs(pdf_run.edition, [job], pdf_run.cache, "zh")
    assert changed.reused == 0


@pytest.mark.browser
def test_a_read_only_edition_is_an_issue_per_report(
    pdf_run: PdfRun, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing beside the page fails (a read-only output folder): PDF004 naming the report,
    the reason and the file, never a traceback or a host path."""
    job = next(job for job in pdf_run.jobs if job.number == GOOD)

    real_mkstemp = tempfile.mkstemp

    def read_only(*args: Any, dir: Path, **kwargs: Any) -> tuple[int, str]:
        if Path(dir) == (pdf_run.edition / job.target).parent:
            raise OSError(30, "Read-only file system", str(Path(dir) / ".x.tmp"))
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = render_edition_pdfs(pdf_run.edition, [job], tmp_path / "cache", "zh")
    [issue] = result.issues
    assert issue.code == "PDF004"
    assert issue.message == (
        f"PDF of {GOOD} not made: the PDF could not be written: Read-only file system (.x.tmp)"
    )
