"""Acceptance tests of the PDF export: real mkdocs-material pages, a real Chromium, and the PDFs
parsed back with pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import cast

import pytest
from pdf_site import BROKEN, CHART_TITLE, GOOD, SPECIAL, SUPERSEDING, PdfRun
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from reportal.pdf.edition import PdfJob, render_edition_pdfs

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGE_X_OF_Y = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")
GOOD_NUMBERS = (GOOD, SUPERSEDING, SPECIAL)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_batch_renders_good_reports_and_names_the_broken_one(pdf_run: PdfRun) -> None:
    assert pdf_run.result.rendered == 3
    assert pdf_run.result.reused == 0
    assert [issue.code for issue in pdf_run.result.issues] == ["PDF003"]
    for number in GOOD_NUMBERS:
        assert pdf_run.pdf(number).is_file()


@pytest.mark.parametrize("number", GOOD_NUMBERS)
def test_every_page_has_number_and_page_x_of_y(pdf_run: PdfRun, number: str) -> None:
    texts = page_texts(pdf_run.pdf(number))
    assert len(texts) >= 3
    for index, text in enumerate(texts, start=1):
        assert number in text, f"page {index} lacks the report number"
        found = PAGE_X_OF_Y.findall(text)
        assert found == [(str(index), str(len(texts)))], f"page {index}: {found}"


def test_running_header_has_title(pdf_run: PdfRun) -> None:
    texts = page_texts(pdf_run.pdf(SPECIAL))
    assert all("三季度话务高峰与人力排班专题分析" in squeeze(text) for text in texts)


def test_cover_page_identifies_the_report(pdf_run: PdfRun) -> None:
    cover = squeeze(page_texts(pdf_run.pdf(GOOD))[0])
    for expected in (
        "远景信息技术服务有限公司",
        "杭州市滨江区江南大道588号远景大厦12层",
        "华信银行股份有限公司",
        "上海市浦东新区世纪大道1000号华信大厦",
        "报告期间2026-10（2026-10-01至2026-10-31）",
        "报告类别常规报告",
        "签发日期2026-11-06",
    ):
        assert expected in cover


def test_signature_block_names_author_reviewer_and_approver(pdf_run: PdfRun) -> None:
    cover = squeeze(page_texts(pdf_run.pdf(GOOD))[0])
    assert "编制李娜服务报告管理员2026-11-03" in cover
    assert "审核王强服务管理流程经理2026-11-05" in cover
    assert "批准王强服务管理流程经理2026-11-05" in cover
    special = squeeze(page_texts(pdf_run.pdf(SPECIAL))[0])
    assert "批准孙丽运维服务总监2026-10-14" in special


def test_last_page_has_end_mark_and_only_the_last(pdf_run: PdfRun) -> None:
    texts = [squeeze(text) for text in page_texts(pdf_run.pdf(GOOD))]
    assert "—以下空白—" in texts[-1]
    assert not any("以下空白" in text for text in texts[:-1])


def test_superseding_report_states_what_it_replaces(pdf_run: PdfRun) -> None:
    last = squeeze(page_texts(pdf_run.pdf(SUPERSEDING))[-1])
    assert "本报告替代SR-HUAXIN-2026-03-01，原因：3月核心系统可用性数据经监控平台复核后更正" in last
    assert "本报告替代" not in squeeze(page_texts(pdf_run.pdf(GOOD))[-1])


def test_cjk_font_is_embedded_and_chinese_extracts(pdf_run: PdfRun) -> None:
    reader = PdfReader(pdf_run.pdf(GOOD))
    fonts = [
        font.get_object()
        for page in reader.pages
        for font in cast(
            DictionaryObject, cast(DictionaryObject, page["/Resources"])["/Font"]
        ).values()
    ]
    embedded = [f for f in fonts if f.get("/Subtype") == "/Type3" and "/CharProcs" in f]
    embedded += [f for f in fonts if _has_font_file(f)]
    assert embedded, "no embedded font program"
    text = "".join(page.extract_text() for page in reader.pages)
    # 户, 页, 日, 长 share glyphs with radicals in Noto CJK; they must extract as ideographs
    for word in ("客户", "签发日期", "页", "改进措施", "满意度"):
        assert word in text
    assert not re.search("[\u2e80-\u2fdf]", text), "radical code points in the text layer"


def test_body_text_uses_the_truetype_print_font(pdf_run: PdfRun) -> None:
    """Regular and bold text come in the subset TrueType print fonts (pdf_fonts), not as Type 3
    drawings; the fonts never land in the edition."""
    reader = PdfReader(pdf_run.pdf(GOOD))
    truetype = {
        str(font.get("/BaseFont")).split("+")[-1]
        for page in reader.pages
        for font in (
            item.get_object()
            for item in cast(
                DictionaryObject, cast(DictionaryObject, page["/Resources"])["/Font"]
            ).values()
        )
        if font.get("/Subtype") == "/Type0" and _has_font_file(font)
    }
    assert {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"} <= truetype
    assert not list(pdf_run.edition.rglob("*.ttf"))
    assert not (pdf_run.edition / "_reportal-print").exists()


def _has_font_file(font: DictionaryObject) -> bool:
    descendants = font.get("/DescendantFonts") or []
    for item in [font, *[d.get_object() for d in descendants]]:
        descriptor = item.get("/FontDescriptor")
        if descriptor is not None:
            keys = descriptor.get_object().keys()
            if {"/FontFile", "/FontFile2", "/FontFile3"} & set(keys):
                return True
    return False


def body_lines(text: str, number: str) -> list[str]:
    """A page's text lines without the running header and the page X of Y footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith(number) and not PAGE_X_OF_Y.search(line)]


def test_table_rows_are_never_cut_and_headers_repeat(pdf_run: PdfRun) -> None:
    texts = page_texts(pdf_run.pdf(GOOD))
    header = "序号 工单编号 优先级 响应时长（分钟） 解决时长（小时） 是否达标"
    pages_with_rows = 0
    for row in range(1, 71):
        whole = re.compile(rf"^{row} INC{100000 + row} P\d \d+ \d+\.5 [是否]$", re.M)
        holding = [index for index, text in enumerate(texts) if f"INC{100000 + row}" in text]
        assert len(holding) == 1, f"row {row} is on pages {holding}"
        assert whole.search(texts[holding[0]]), f"row {row} is not whole on one page"
    for text in texts:
        if "INC1000" in text:
            pages_with_rows += 1
            assert header in text, "a page continuing the table lacks its header row"
    assert pages_with_rows >= 2  # the 70-row table does span pages


def test_headings_are_never_left_at_a_page_bottom(pdf_run: PdfRun) -> None:
    headings = ("一、服务概述", "二、服务级别达成情况", "三、客户满意度", "四、改进措施")
    seen = []
    for text in page_texts(pdf_run.pdf(GOOD)):
        lines = body_lines(text, GOOD)
        for heading in headings:
            if heading in lines:
                seen.append(heading)
                assert lines.index(heading) < len(lines) - 1, f"{heading} ends a page"
    assert sorted(seen) == sorted(headings)


ORPHAN_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head>
<body><article class="md-content__inner md-typeset">
<div style="height: {spacer}px">正文占位</div>
<h2>五、问题与改进</h2>
<div style="height: 300px; break-inside: avoid">问题清单</div>
</article></body></html>"""


def test_a_heading_that_would_end_a_page_moves_to_the_next(tmp_path: Path) -> None:
    """Built so that the heading fits at the bottom of page 1 but what follows it does not:
    the print stylesheet must carry the heading over to page 2."""
    edition = tmp_path / "edition"
    page = edition / "reports/acme/2026/SR-ACME-2026-10-01/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(ORPHAN_PAGE.format(spacer=860), encoding="utf-8")
    rel = page.relative_to(edition).as_posix()
    job = PdfJob("SR-ACME-2026-10-01", "标题", rel, rel.replace("index.html", "report.pdf"))
    result = render_edition_pdfs(edition, [job], tmp_path / "cache", "zh")
    assert result.issues == []
    texts = [squeeze(text) for text in page_texts(edition / job.target)]
    assert len(texts) == 2
    assert "正文占位" in texts[0]
    assert "五、问题与改进" not in texts[0]
    assert "五、问题与改进问题清单" in texts[1]


def test_chart_is_drawn_into_the_pdf(pdf_run: PdfRun) -> None:
    # the chart title exists only inside the figure JSON: it reaches the PDF only when drawn
    text = squeeze("".join(page_texts(pdf_run.pdf(GOOD))))
    assert squeeze(CHART_TITLE) in text
    assert "满意度趋势" in text


def test_metadata(pdf_run: PdfRun) -> None:
    meta = PdfReader(pdf_run.pdf(SUPERSEDING)).metadata
    assert meta is not None
    assert meta.title == "华信银行 2026 年 3 月 IT 运维服务报告（修订版）"
    assert meta.author == "远景信息技术服务有限公司 / 李娜"
    assert meta.subject == SUPERSEDING
    assert str(meta["/CreationDate"]).startswith("D:20260420")


@pytest.mark.parametrize("number", GOOD_NUMBERS)
def test_no_attachments_no_javascript(pdf_run: PdfRun, number: str) -> None:
    path = pdf_run.pdf(number)
    reader = PdfReader(path)
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    assert "/OpenAction" not in root and "/AA" not in root
    names = root.get("/Names")
    if names is not None:
        assert not {"/EmbeddedFiles", "/JavaScript"} & set(names.get_object().keys())
    raw = path.read_bytes()
    for marker in (b"/JavaScript", b"/JS ", b"/EmbeddedFile", b"/Launch"):
        assert marker not in raw


@pytest.mark.parametrize("number", GOOD_NUMBERS)
def test_no_link_points_at_the_print_server(pdf_run: PdfRun, number: str) -> None:
    reader = PdfReader(pdf_run.pdf(number))
    assert "上期报告" in squeeze("".join(page_texts(pdf_run.pdf(number))))
    links = [
        item.get_object()
        for page in reader.pages
        for item in page.get("/Annots") or []
        if item.get_object().get("/Subtype") == "/Link"
    ]
    assert links, "the body's relative link should still mark a link area"
    for link in links:
        action = link.get("/A")
        uri = str(action.get_object().get("/URI", "")) if action is not None else ""
        assert "127.0.0.1" not in uri and "localhost" not in uri
    assert b"127.0.0.1" not in pdf_run.pdf(number).read_bytes()


def test_collapsed_details_are_printed_open(pdf_run: PdfRun) -> None:
    text = squeeze("".join(page_texts(pdf_run.pdf(GOOD))))
    assert "FOLDED折叠段落也要打印" in text


def test_broken_chart_is_an_issue_naming_the_report(pdf_run: PdfRun) -> None:
    issue = pdf_run.result.issues[0]
    assert issue.file == f"reports/huaxin/2026/{BROKEN}.md"
    assert BROKEN in issue.message
    assert "1 of 2 charts did not finish drawing" in issue.message
    folder = pdf_run.pdf(BROKEN).parent
    assert sorted(p.name for p in folder.iterdir()) == ["index.html"]  # no PDF, no temp file


def test_missing_page_is_an_issue_and_leaves_no_pdf(pdf_run: PdfRun, tmp_path: Path) -> None:
    job = PdfJob(
        "SR-HUAXIN-2026-12-01",
        "x",
        "reports/huaxin/2026/SR-HUAXIN-2026-12-01/index.html",
        "reports/huaxin/2026/SR-HUAXIN-2026-12-01/SR-HUAXIN-2026-12-01.pdf",
        source="reports/huaxin/2026/SR-HUAXIN-2026-12-01.md",
    )
    result = render_edition_pdfs(pdf_run.edition, [job], tmp_path / "cache")
    assert (result.rendered, result.reused) == (0, 0)
    assert [(i.code, i.file) for i in result.issues] == [("PDF001", job.source)]


def test_printing_the_same_pages_again_gives_the_same_bytes(
    pdf_run: PdfRun, tmp_path: Path
) -> None:
    """Reproducible editions: no print time, no font subsetting time in the PDF."""
    edition = tmp_path / "edition"
    shutil.copytree(pdf_run.edition, edition)
    good_jobs = [job for job in pdf_run.jobs if job.number in GOOD_NUMBERS]
    again = render_edition_pdfs(edition, good_jobs, tmp_path / "fresh-cache")
    assert (again.rendered, again.issues) == (3, [])
    for job in good_jobs:
        first = (pdf_run.edition / job.target).read_bytes()
        assert (edition / job.target).read_bytes() == first, job.number


def test_no_change_rebuild_renders_nothing_then_one_change_renders_one(
    pdf_run: PdfRun, tmp_path: Path
) -> None:
    edition = tmp_path / "edition"
    shutil.copytree(pdf_run.edition, edition)
    good_jobs = [job for job in pdf_run.jobs if job.number in GOOD_NUMBERS]
    for job in good_jobs:
        (edition / job.target).unlink()
    stale = edition / good_jobs[0].target
    stale = stale.with_name(f".{stale.name}.k1ll3d.tmp")  # left by a killed run
    stale.write_bytes(b"%PDF-1.4 half")
    again = render_edition_pdfs(edition, good_jobs, pdf_run.cache)
    assert not stale.exists()
    assert (again.rendered, again.reused, again.issues) == (0, 3, [])
    assert all((edition / job.target).is_file() for job in good_jobs)
    page = edition / good_jobs[0].page
    page.write_text(page.read_text().replace("优化夜间值班交接流程", "优化节假日值班交接流程"))
    changed = render_edition_pdfs(edition, good_jobs, pdf_run.cache)
    assert (changed.rendered, changed.reused, changed.issues) == (1, 2, [])
    assert "优化节假日值班交接流程" in "".join(page_texts(edition / good_jobs[0].target))


def test_first_page_renders_to_png(pdf_run: PdfRun) -> None:
    out = REPO_ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "80",
            "-png",
            "-singlefile",
            str(pdf_run.pdf(GOOD)),
            str(out / "pdf-first-page"),
        ],
        check=True,
    )
    png = out / "pdf-first-page.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000
