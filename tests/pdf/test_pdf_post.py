"""PDF post-processing without a browser: ToUnicode repair, metadata, active content removed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from reportal.pdf.post import (
    PdfMetadata,
    fix_to_unicode,
    ideograph,
    postprocess_pdf,
    public_uri,
)
from reportal.pdf.update import previous_xref

META = PdfMetadata(
    "华信银行 2026 年 10 月 IT 运维服务报告",
    "远景 / 李娜",
    "SR-HUAXIN-2026-10-01",
    date(2026, 11, 6),
)


def test_radicals_map_to_the_ideographs_chinese_text_uses() -> None:
    assert [ideograph(c) for c in "⻚⼾⽇⾏⻓⻔⻅A页"] == list("页户日行长门见A页")


def test_to_unicode_chars_and_ranges_are_rewritten() -> None:
    cmap = (
        "2 beginbfchar\n<01> <2EDA>\n<02> <4E00>\nendbfchar\n"
        "2 beginbfrange\n<10> <12> <2ED9>\n<20> <21> <4E00>\nendbfrange\nendcmap"
    )
    fixed = fix_to_unicode(cmap)
    assert "<01> <9875>" in fixed and "<02> <4E00>" in fixed
    assert "1 beginbfrange\n<20> <21> <4E00>\nendbfrange" in fixed
    assert "3 beginbfchar\n<10> <97E6>\n<11> <9875>\n<12> <98CE>\nendbfchar" in fixed


def _pdf_with_active_content(path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    writer.root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    writer.add_attachment("secret.txt", b"secret")
    with path.open("wb") as out:
        writer.write(out)


def test_active_content_and_attachments_are_removed(tmp_path: Path) -> None:
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    _pdf_with_active_content(source)
    assert b"/JavaScript" in source.read_bytes() and b"/EmbeddedFile" in source.read_bytes()
    postprocess_pdf(source, target, META)
    raw = target.read_bytes()
    assert b"/OpenAction" not in raw
    assert b"/JavaScript" not in raw and b"/EmbeddedFile" not in raw and b"secret" not in raw
    reader = PdfReader(target)
    assert reader.metadata is not None and reader.metadata.subject == "SR-HUAXIN-2026-10-01"


def test_classic_xref_gets_an_incremental_update(tmp_path: Path) -> None:
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with source.open("wb") as out:
        writer.write(out)
    assert previous_xref(source.read_bytes()) is not None
    postprocess_pdf(source, target, META)
    raw = target.read_bytes()
    assert raw.startswith(source.read_bytes())  # original bytes untouched, update appended
    reader = PdfReader(target, strict=True)
    assert reader.metadata is not None
    assert reader.metadata.title == META.title
    assert str(reader.metadata["/CreationDate"]) == "D:20261106000000+08'00'"
    assert len(reader.pages) == 1


LOCAL = "http://127.0.0.1:41234/reports/huaxin/2026/SR-HUAXIN-2026-03-01/"


def _pdf_with_links(path: Path, *uris: str) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for index, uri in enumerate(uris):
        action = {
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject(uri),
        }
        link = {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, index * 20, 50, 15)]),
            NameObject("/A"): DictionaryObject(action),
        }
        writer.add_annotation(0, DictionaryObject(link))
    with path.open("wb") as out:
        writer.write(out)


def _uris(path: Path) -> list[str | None]:
    uris: list[str | None] = []
    for item in PdfReader(path).pages[0].get("/Annots") or []:
        action = item.get_object().get("/A")
        uris.append(str(action.get_object()["/URI"]) if action is not None else None)
    return uris


def test_public_uri_moves_loopback_links_onto_the_portal() -> None:
    base = "https://reports.example.com/huaxin/"
    assert public_uri(LOCAL, base) == base + "reports/huaxin/2026/SR-HUAXIN-2026-03-01/"
    assert public_uri(LOCAL, None) is None
    assert public_uri("https://www.example.com/x", None) == "https://www.example.com/x"
    assert public_uri("http://localhost:8000/a/", "https://r.example/") == "https://r.example/a/"


def test_loopback_links_are_rewritten_and_other_links_kept(tmp_path: Path) -> None:
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    _pdf_with_links(source, LOCAL, "https://www.example.com/kb")
    base = "https://reports.example.com/huaxin/"
    postprocess_pdf(source, target, replace(META, link_base=base))
    assert _uris(target) == [
        base + "reports/huaxin/2026/SR-HUAXIN-2026-03-01/",
        "https://www.example.com/kb",
    ]
    assert b"127.0.0.1" not in target.read_bytes()  # not even in superseded bytes


def test_loopback_links_lose_their_action_without_a_public_address(tmp_path: Path) -> None:
    source, target = tmp_path / "in.pdf", tmp_path / "out.pdf"
    _pdf_with_links(source, LOCAL)
    postprocess_pdf(source, target, META)
    assert _uris(target) == [None]
    assert b"127.0.0.1" not in target.read_bytes()
