"""Print layout details read back from real PDFs (Chromium + print.css, text parsed with pypdf):
a table caption is never left alone at a page foot, and dates, ids and status words in table
cells never break inside."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PageObject, PdfReader

from factories import make_report
from reportal.kpi.charts import Chart
from reportal.kpi.tables import Row, TableModel
from reportal.pdf.edition import PdfJob, render_edition_pdfs
from reportal.portal.blocks_html import render_chart, render_table
from reportal.portal.print_blocks import render_print_blocks
from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]
FOOTER_PT = 20 / 25.4 * 72  # the bottom page margin (page X of Y)

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>t</title></head>
<body><article class="md-content__inner md-typeset">
<div style="height: {spacer}px">正文占位</div>
{table}
</article></body></html>"""
CAPTION = "处理质量"
ROWS = tuple(Row((f"指标{n}", f"{n}.0%", "—"), "met", key=f"quality.k{n}") for n in range(1, 9))
# A narrow column of dates, ids and status words next to long text that claims the width.
LONG = "本期发现的问题、原因分析和已采取的措施，以及下一步的改进安排和完成时间说明。" * 2
WIDE_ROWS = tuple(
    Row((f"ACT-DS-{n:03d}", LONG, "2026-09-06", "SR-DINGSHENG-2026-09-01", "未关闭"), "critical")
    for n in range(14, 18)
)


def render(tmp_path: Path, pages: dict[str, str]) -> dict[str, list[str]]:
    """Each page (name -> HTML) printed to PDF; name -> the text of each PDF page."""
    edition = tmp_path / "edition"
    jobs = []
    for name, html in pages.items():
        number = f"SR-ACME-2026-10-{len(jobs) + 1:02d}"
        page = edition / f"reports/acme/2026/{number}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(html, encoding="utf-8")
        rel = page.relative_to(edition).as_posix()
        jobs.append((name, PdfJob(number, name, rel, rel.replace("index.html", "report.pdf"))))
    result = render_edition_pdfs(edition, [job for _, job in jobs], tmp_path / "cache", "zh")
    assert result.issues == []
    return {
        name: [p.extract_text() or "" for p in PdfReader(edition / job.target).pages]
        for name, job in jobs
    }


def body_lines(text: str) -> list[str]:
    """Lines of a page without the running header (report number) and the page footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not line.startswith("SR-ACME") and "页" not in line]


def test_a_caption_is_never_left_alone_at_a_page_foot(tmp_path: Path) -> None:
    """The spacers put the caption at the foot of page 1 with no room for a row after it."""
    table = render_table(TableModel("quality", CAPTION, ("指标", "本期", "目标"), ROWS))
    pages = {f"spacer {px}": PAGE.format(spacer=px, table=table) for px in (905, 915, 925, 935)}
    moved = 0
    for name, texts in render(tmp_path, pages).items():
        holding = [n for n, text in enumerate(texts) if CAPTION in body_lines(text)]
        assert len(holding) == 1, name
        lines = body_lines(texts[holding[0]])
        assert lines[-1] != CAPTION, f"{name}: the caption ends page {holding[0] + 1}"
        assert lines[lines.index(CAPTION) + 1].startswith("指标 本期 目标"), name
        moved += holding[0] == 1
    assert moved >= 1  # at least one spacer did push the caption over (the case under test)


def test_dates_ids_and_status_words_do_not_break(tmp_path: Path) -> None:
    headers = ("编号", "措施", "到期日", "提出于", "状态")
    table = render_table(TableModel("actions", "改进措施跟踪", headers, WIDE_ROWS))
    text = "\n".join(render(tmp_path, {"wide": PAGE.format(spacer=10, table=table)})["wide"])
    for n in range(14, 18):
        assert f"ACT-DS-0{n}" in text, f"ACT-DS-0{n} is broken"
    assert text.count("2026-09-06") == 4
    assert text.count("SR-DINGSHENG-2026-09-01") == 4
    assert text.count("未关闭") == 4
    assert text.count("✗ 未达标") == 4


def test_kpi_ids_in_a_narrow_column_stay_whole(tmp_path: Path) -> None:
    ids = ("tickets.opened", "sla.resolution", "availability.attainment")
    rows = tuple(Row((f"新建工单数（{kpi}）", LONG, LONG), key=kpi) for kpi in ids)
    table = render_table(TableModel("ids", "指标定义", ("指标", "计算方法", "边界"), rows))
    text = "\n".join(render(tmp_path, {"ids": PAGE.format(spacer=10, table=table)})["ids"])
    for kpi in ids:
        assert kpi in text, f"{kpi} is broken across lines"


def test_the_kpi_appendix_prints_only_the_kpis_shown_in_compact_form(tmp_path: Path) -> None:
    opened = Row(("新建工单数", "138 个"), key="tickets.opened")
    shown = render_table(TableModel("kpi-tickets", "工单量", ("指标", "本期"), (opened,)))
    trend_table = TableModel("trend", "趋势", ("期间",), ())
    chart = render_chart(
        Chart("趋势", {"data": [], "layout": {}}, trend_table, "图", "sla.resolution")
    )
    chart = chart.replace('class="reportal-chart"', 'class="undrawn"')  # the figure, not drawn
    kpis = ("tickets.opened", "sla.resolution", "sla.response", "csat.mean")
    rows = tuple(
        Row((f"名称（{kpi}）", "个", "—", f"公式{kpi}", "分母文字", "边界文字", "—"), key=kpi)
        for kpi in kpis
    )
    headers = ("指标", "单位", "方向", "计算方法", "分母", "边界情况", "目标")
    appendix = render_table(TableModel("definitions", "指标定义", headers, rows, False))
    page = PAGE.format(spacer=10, table=shown + chart + appendix)
    text = "\n".join(render(tmp_path, {"appendix": page})["appendix"])
    assert "公式tickets.opened" in text and "公式sla.resolution" in text
    assert "公式sla.response" not in text  # same family as the chart's KPI, but not shown
    assert "公式csat.mean" not in text
    assert "指标 单位 方向 计算方法 目标" in text
    assert "分母文字" not in text and "边界文字" not in text
    assert "完整定义见门户" in text


def test_the_cover_has_a_signature_and_seal_area_and_stays_one_page(tmp_path: Path) -> None:
    registry = load_registry(REPO_ROOT)[0]
    report = make_report("SR-HUAXIN-2026-10-01", title="华信银行 2026 年 10 月 IT 运维服务报告")
    before, after = render_print_blocks(report, registry, "zh")
    body = f"{before}<h2>一、报告摘要</h2><p>正文第一段。</p>{after}"
    page = PAGE.format(spacer=0, table=body)
    texts = render(tmp_path, {"cover": page})["cover"]
    assert len(texts) == 2
    cover = body_lines(texts[0])
    assert "职责 姓名 职务 日期 签字（盖章）" in cover
    assert any(line.startswith("批准 王强") for line in cover)
    assert "一、报告摘要" in body_lines(texts[1])


MATERIAL_TABLE = (  # Material's frame around plain tables, which print.css must not draw
    "<style>.md-typeset table:not([class]) {border: .05rem solid #000; border-radius: .1rem;"
    " display: inline-block}</style>"
)


def lowest_text(page: PageObject) -> float:
    """Height (pt from the page bottom) of the lowest body text line."""
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return min(h for h in heights if h > FOOTER_PT + 5)


def ink_below(pdf: Path, page: int, height_pt: float) -> list[int]:
    """Raster rows (50 dpi) with ink between ``height_pt`` and the footer margin."""
    dpi = 50
    raw = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    _, size, _, pixels = raw.split(b"\n", 3)
    width, rows = map(int, size.split())
    top = rows - round(height_pt / 72 * dpi)
    bottom = rows - round(FOOTER_PT / 72 * dpi)
    return [r for r in range(top, bottom) if min(pixels[r * width : (r + 1) * width]) < 235]


def test_a_table_broken_across_pages_draws_no_empty_frame_to_the_page_foot(
    tmp_path: Path,
) -> None:
    rows = tuple(Row((f"第 {n} 行", LONG[: 20 + n % 30]), key=f"k{n}") for n in range(1, 41))
    table = render_table(TableModel("long", "长表格", ("行", "说明"), rows, False))
    page = PAGE.format(spacer=200, table=table).replace("</head>", MATERIAL_TABLE + "</head>")
    render(tmp_path, {"long": page})
    pdf = next((tmp_path / "edition").rglob("report.pdf"))
    first = PdfReader(pdf).pages[0]
    assert "第 1 行" in first.extract_text() and len(PdfReader(pdf).pages) > 1
    below = ink_below(pdf, 1, lowest_text(first) - 12)  # the last row's own bottom line above
    assert below == [], f"lines drawn below the last row of page 1 (raster rows {below[:5]}…)"
