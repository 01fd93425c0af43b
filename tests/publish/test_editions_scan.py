"""The check of a built edition before publishing (second line of defence after staging)."""

from __future__ import annotations

import gzip
import io
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from reportal.issues import Issue
from reportal.portal.identifying import identifying_texts
from reportal.publish.scan import (
    ScanRules,
    extract_pdf_texts,
    scan_edition,
    source_hashes,
)
from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]

RULES = ScanRules("customers/a", ("鼎盛物流", "SR-B-2026-01-01"), ("/srv/portal",), customer=True)


def edition(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "edition"
    for rel, data in {"index.html": b"<p>ok</p>", **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def found(tmp_path: Path, files: dict[str, bytes], rules: ScanRules = RULES) -> list[str]:
    return [f"{i.file}: {i.message}" for i in scan_edition(edition(tmp_path, files), rules)]


def test_clean_edition_passes(tmp_path: Path) -> None:
    assert found(tmp_path, {"a/index.html": "<p>华信银行</p>".encode()}) == []


def test_missing_index_is_an_incomplete_build(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    messages = [i.message for i in scan_edition(root, RULES)]
    assert len(messages) == 1 and messages[0].startswith("the edition has no")


def test_forbidden_text_in_html_json_escaped_and_gzip(tmp_path: Path) -> None:
    result = found(tmp_path, {
        "x/index.html": "<p>鼎盛物流</p>".encode(),
        "search/search_index.json": b'{"t": "\\u9f0e\\u76db\\u7269\\u6d41"}',
        "sitemap.xml.gz": gzip.compress(b"<loc>SR-B-2026-01-01</loc>"),
    })  # fmt: skip
    tail = ", which this edition must not contain"
    assert sorted(result) == [
        'customers/a/search/search_index.json: holds "鼎盛物流"' + tail,
        'customers/a/sitemap.xml: holds "SR-B-2026-01-01"' + tail,
        'customers/a/x/index.html: holds "鼎盛物流"' + tail,
    ]


def test_macro_traceback_host_path_internal_and_sources(tmp_path: Path) -> None:
    src = tmp_path / "tickets.csv"
    data = b"id,opened,priority,note\n" + b"INC001,2026-01-05 09:00:00,P3,printer jam\n" * 3
    src.write_bytes(data)
    (tmp_path / "tiny.txt").write_bytes(b"{}")
    assert len(source_hashes([src, tmp_path / "tiny.txt"])) == 1  # tiny files never count
    rules = ScanRules(
        "customers/a", host_paths=("/srv/portal",), customer=True,
        source_hashes=source_hashes([src]),
    )  # fmt: skip
    result = found(tmp_path, {
        "p1/index.html": b"<p>{{ kpi_table('sla') }}</p>",
        "p2/index.html": b"Traceback (most recent call last): /srv/portal/x.py",
        "p3/index.html": b'<div class="admonition internal"><p>x</p></div>',
        "raw/report.md": b"# a",
        "downloads/t.csv": data,
    }, rules)  # fmt: skip
    assert sorted(result) == [
        "customers/a/downloads/t.csv: a copy of a portal data or report file",
        "customers/a/p1/index.html: holds a literal {{ (an unrendered macro)",
        "customers/a/p2/index.html: holds a Python traceback",
        "customers/a/p2/index.html: holds a host path",
        "customers/a/p3/index.html: holds an internal section",
        "customers/a/raw/report.md: a source file (Markdown, YAML, Python) in the edition",
    ]


def test_provider_edition_may_hold_internal_sections(tmp_path: Path) -> None:
    rules = ScanRules("provider")
    assert found(tmp_path, {"p/index.html": b'<div class="admonition internal">'}, rules) == []


CUSTOMER_RULES = ScanRules(
    "customers/dingsheng",
    ("华信银行", "huaxin", "上海市浦东新区世纪大道", "陈明", "chen.ming@huaxin.example"),
    customer=True,
)


def test_other_customers_id_is_found_as_a_whole_token(tmp_path: Path) -> None:
    result = found(tmp_path, {
        "a/index.html": b'<a href="../reports/huaxin/">x</a>',
        "b/index.html": b"<code>reportal plan --customer HUAXIN</code>",
        "search/search_index.json": b'{"location": "reports/huaxin_2026/"}',
        "c/index.html": b"<p>shuaxin huaxin2 huaxinbank</p>",  # other words: not the id
    }, CUSTOMER_RULES)  # fmt: skip
    assert sorted(result) == [
        f'customers/dingsheng/{rel}: holds "huaxin", which this edition must not contain'
        for rel in ("a/index.html", "b/index.html", "search/search_index.json")
    ]


def test_address_contact_and_email_are_found_however_written(tmp_path: Path) -> None:
    email = "".join(f"&#{ord(c)};" for c in "chen.ming@huaxin.example")  # Markdown's autolink
    result = found(tmp_path, {
        "a/index.html": f"<p>地址：上海市浦东新区 世纪大道 1000 号</p><p>{email}</p>".encode(),
        "search/search_index.json": b'{"t": "\\u9648\\u200b\\u660e"}',  # jieba-split 陈明
        "b/index.html": "<p>华信\u200b银行</p>".encode(),
    }, CUSTOMER_RULES)  # fmt: skip
    tail = ", which this edition must not contain"
    assert sorted(result) == [
        'customers/dingsheng/a/index.html: holds "chen.ming@huaxin.example"' + tail,
        'customers/dingsheng/a/index.html: holds "huaxin"' + tail,
        'customers/dingsheng/a/index.html: holds "上海市浦东新区世纪大道"' + tail,
        'customers/dingsheng/b/index.html: holds "华信银行"' + tail,
        'customers/dingsheng/search/search_index.json: holds "陈明"' + tail,
    ]


def test_identifying_texts_of_the_other_customers() -> None:
    registry = load_registry(REPO_ROOT)[0]
    texts = identifying_texts(registry, "dingsheng")
    assert texts == [
        "huaxin",
        "华信银行股份有限公司",
        "华信银行",
        "上海市浦东新区世纪大道 1000 号 华信大厦",
        "上海市浦东新区世纪大道",
        "华信大厦",
        "陈明",
        "chen.ming@huaxin.example",
    ]  # fmt: skip  ("HUAXIN", the code, matches as "huaxin" does: case is ignored)
    assert "dingsheng" in identifying_texts(registry, "huaxin")


def test_identifying_texts_leave_out_what_the_edition_shares(tmp_path: Path) -> None:
    registry = load_registry(REPO_ROOT)[0]
    neighbour = replace(
        registry.customers["dingsheng"], address="上海市浦东新区世纪大道 88 号 鼎盛中心"
    )
    shared = replace(registry, customers={**registry.customers, "dingsheng": neighbour})
    texts = identifying_texts(shared, "dingsheng")
    assert "华信大厦" in texts and "上海市浦东新区世纪大道" not in texts


def pdf_showing(text: str) -> bytes:
    """A one-page PDF showing ``text`` only through compressed streams: a one-byte font whose
    ToUnicode CMap maps codes 1, 2, ... to the characters of ``text``."""
    writer = PdfWriter()
    page = writer.add_blank_page(300, 100)
    pairs = " ".join(f"<{i:02X}> <{ord(c):04X}>" for i, c in enumerate(text, 1))
    cmap = DecodedStreamObject()
    cmap.set_data(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange "
        f"<01> <FF> endcodespacerange {len(text)} beginbfchar {pairs} endbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end".encode("ascii")
    )
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/ToUnicode"): writer._add_object(cmap.flate_encode()),
    })  # fmt: skip
    fonts = DictionaryObject({NameObject("/F1"): font})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
    codes = "".join(f"{i:02X}" for i in range(1, len(text) + 1))
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 12 Tf 20 50 Td <{codes}> Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_text_of_pdfs_is_scanned(tmp_path: Path) -> None:
    pdf = pdf_showing("服务报告 华信银行 reports/huaxin/")
    assert "华信银行".encode() not in pdf and b"huaxin" not in pdf  # not in the raw bytes
    result = found(
        tmp_path, {"r/SR-1.pdf": pdf, "r/ok.pdf": pdf_showing("鼎盛物流")}, CUSTOMER_RULES
    )
    tail = ", which this edition must not contain"
    assert sorted(result) == [
        'customers/dingsheng/r/SR-1.pdf: holds "huaxin"' + tail,
        'customers/dingsheng/r/SR-1.pdf: holds "华信银行"' + tail,
    ]


def test_an_unreadable_pdf_is_reported(tmp_path: Path) -> None:
    result = found(tmp_path, {"r/x.pdf": b"%PDF-1.7 truncated"}, CUSTOMER_RULES)
    assert result == [
        "customers/dingsheng/r/x.pdf: a PDF whose text cannot be read, so not checked"
    ]


def test_many_pdfs_are_read_in_parallel_with_the_same_result() -> None:
    pdfs = [(f"r/{n}.pdf", pdf_showing(f"报告 {n}")) for n in range(9)]
    texts = extract_pdf_texts([*pdfs, ("index.html", b"<p>x</p>")])
    assert sorted(texts) == [rel for rel, _ in pdfs]
    assert all(f"报告 {n}" in (texts[f"r/{n}.pdf"] or "") for n in range(9))


def test_shared_docs_and_schema_examples_identify_no_customer(tmp_path: Path) -> None:
    """docs/ goes into every customer edition, and the field reference into docs/ from the schema
    examples: they use the example customer (acme, 示例科技), never a real one."""
    registry = load_registry(REPO_ROOT)[0]
    rules = ScanRules("shared", tuple(identifying_texts(registry, "")))
    sources = sorted((REPO_ROOT / "docs").rglob("*.md"))
    sources += sorted((REPO_ROOT / "src/reportal/model/schemas").glob("*.yml"))
    files = {
        path.relative_to(REPO_ROOT).as_posix(): path.read_bytes()
        for path in sources
        if not path.relative_to(REPO_ROOT).as_posix().startswith("docs/dev/")  # exclude_docs
    }
    assert "docs/guide/portal.md" in files and "docs/reference/fields.md" in files
    assert found(tmp_path, files, rules) == []


def count_scanned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the scan checks from now on (those the memo does not skip)."""
    import reportal.publish.scan as scan_module

    checked: list[str] = []
    real = scan_module._check_file

    def counting(rel: str, *args: object) -> list[Issue]:
        checked.append(rel)
        return real(rel, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(scan_module, "_check_file", counting)
    return checked


def test_a_file_found_clean_is_skipped_only_while_path_bytes_and_rules_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportal.publish.scan import scan_all

    root = edition(tmp_path, {"a/index.html": "<p>华信银行</p>".encode()})
    memo_dir = tmp_path / "cache"
    assert scan_all([(root, RULES)], memo_dir) == []
    checked = count_scanned(monkeypatch)
    assert scan_all([(root, RULES)], memo_dir) == []
    assert checked == []  # nothing changed: nothing scanned again
    (root / "a/index.html").write_bytes("<p>鼎盛物流</p>".encode())
    issues = scan_all([(root, RULES)], memo_dir)
    assert checked == ["a/index.html"]
    assert [i.file for i in issues] == ["customers/a/a/index.html"]
    (root / "a/index.html").write_bytes("<p>华信银行</p>".encode())  # clean again
    assert scan_all([(root, RULES)], memo_dir) == []
    checked.clear()
    stricter = replace(RULES, forbidden=(*RULES.forbidden, "华信"))
    assert [i.message for i in scan_all([(root, stricter)], memo_dir)] != []
    assert sorted(checked) == ["a/index.html", "index.html"]  # other rules: scanned again


def test_a_new_build_folder_does_not_void_the_memo_but_is_still_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportal.publish.scan import scan_all

    root = edition(tmp_path, {"a/index.html": "<p>华信银行</p>".encode()})
    memo_dir = tmp_path / "cache"
    first = replace(RULES, fresh_paths=("/srv/build/.site.tmp-aaaa",))
    assert scan_all([(root, first)], memo_dir) == []
    checked = count_scanned(monkeypatch)
    second = replace(RULES, fresh_paths=("/srv/build/.site.tmp-bbbb",))
    assert scan_all([(root, second)], memo_dir) == [] and checked == []
    (root / "a/index.html").write_bytes(b"<p>/srv/build/.site.tmp-bbbb/stage</p>")
    issues = scan_all([(root, second)], memo_dir)
    assert [i.file for i in issues] == ["customers/a/a/index.html"]
    assert "host path" in issues[0].message


@pytest.mark.parametrize(
    "text",
    [
        "/reports/huaxin/2026/", "huaxin.html", "HUAXIN", "xhuaxin", "huaxin2", "huaxin_x",
        "a-huaxin-b", "华信huaxin华信", "", "huaxi n", "mail li.na@huaxin.com.cn now",
        "xli.na@huaxin.com.cn", "li.na@huaxin.com.cn.", "-li.na@huaxin.com.cnx",
        "sr-hx-2026-10-01.pdf", "sr-hx-2026-10-011", "asr-hx-2026-10-01", "(sr-hx-2026-10-01)",
        "sr-hx-2026-10-01-sr-hx-2026-10-01", "SR-HX-2026-10-01", "sr-hx-2026-1-01",
    ],
)  # fmt: skip
def test_a_token_is_found_exactly_where_a_search_finds_it_standing_alone(text: str) -> None:
    from reportal.publish.scan import _found_texts, _LookedFor, _needles, _view

    forbidden = ("huaxin", "li.na@huaxin.com.cn", "华信", "SR-HX-2026-10-01", "Huaxin")
    rules = ScanRules("x", forbidden, customer=True)
    needles = _needles(rules)
    assert any(n.token for n in needles) and not all(n.token for n in needles)
    lower = text.lower()
    searched = [n.text for n in needles if holds(lower if n.token else "".join(lower.split()), n)]
    assert _found_texts(_view(text), _LookedFor.of(needles)) == searched


def holds(view: str, needle: Any) -> bool:
    """The plain search the scan must agree with: ``view`` holds the needle's key, a token only
    with no ASCII letter or digit either side."""
    start = view.find(needle.key)
    while start >= 0:
        end = start + len(needle.key)
        alone = not (alnum(view, start - 1) or alnum(view, end))
        if not needle.token or alone:
            return True
        start = view.find(needle.key, start + 1)
    return False


def alnum(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


PIECES = ["huaxin", "li.na@huaxin.com.cn", "华信", "SR-HX-2026-10-01", "-", ".", "x", "2", " ",
          "/", "HUA", "xin", "华", "信", "@", "\u200b", "sr-hx-2026-10-0", "1"]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_any_text_is_judged_as_the_plain_search_judges_it(pieces: list[str]) -> None:
    from reportal.publish.scan import _found_texts, _LookedFor, _needles, _view

    text = "".join(pieces)
    needles = _needles(ScanRules("x", ("huaxin", "li.na@huaxin.com.cn", "华信",
                                       "SR-HX-2026-10-01", "华 信"), customer=True))  # fmt: skip
    lower = text.lower()
    compact = "".join(lower.replace("\u200b", "").split())
    searched = [n.text for n in needles if holds(lower if n.token else compact, n)]
    assert _found_texts(_view(text), _LookedFor.of(needles)) == searched
