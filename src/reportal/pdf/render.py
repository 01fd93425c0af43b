"""Print report pages of one built edition to PDF with one headless Chromium.

One browser and one browser context per batch (the context's HTTP cache lets V8 reuse the
compiled plotly.min.js from page to page); a small pool of tabs prints pages concurrently. For
each page: open it, add the print fonts (``pdf_fonts``, made while the first pages load) and the
print stylesheet, wait until every ``.reportal-chart`` has drawn its SVG and the fonts are
ready, then ``page.pdf`` with the running header and the page X of Y footer. Outcomes are
values: a temp PDF path or an error message naming what went wrong.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from playwright.async_api import BrowserContext, Page, PdfMargins, ViewportSize, async_playwright
from playwright.async_api import Error as PlaywrightError

from reportal.model.strings import text
from reportal.pdf.browser import fence_page, launch_chromium, serve_edition
from reportal.pdf.fonts import PrintFonts

PRINT_CSS = Path(__file__).resolve().parents[1] / "theme/assets/reportal/print.css"
# A4 content width 210 mm - 2 x 16 mm = 178 mm = 673 CSS px: charts are drawn at print width.
VIEWPORT: ViewportSize = {"width": 673, "height": 1100}
MARGIN: PdfMargins = {"top": "22mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}
# One round trip after the page has loaded: add the print stylesheet, wait (polling every 25 ms)
# until every chart has drawn its SVG, redraw at print width only the charts whose size no
# longer fits their container (Plotly.Plots.resize waits 100 ms before it redraws), load every
# declared font face (the print fonts), wait for the fonts. Returns null when ready, else
# [drawn, total] charts at the deadline. The KPI-definitions appendix keeps only the KPIs the
# page shows (a row's id, or its family, on a table or chart outside the appendix and the data
# coverage table, whose rows are keyed by source name).
PREPARE_PAGE = """async ([css, timeoutMs]) => {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  const appendix = '.reportal-kpi-definitions';
  const shown = new Set(Array.from(document.querySelectorAll('[data-kpi]'))
    .filter(el => !el.closest(appendix + ', .reportal-kpi-coverage'))
    .map(el => el.getAttribute('data-kpi')));
  document.querySelectorAll(appendix + ' tr[data-kpi]').forEach(row => {
    const id = row.getAttribute('data-kpi');
    const family = id.split('.')[0];
    if (!shown.has(id) && !shown.has(family)) { row.classList.add('reportal-print-omit'); }
  });
  const charts = () => Array.from(document.querySelectorAll('.reportal-chart'));
  const drawn = el => el.querySelector('svg.main-svg') !== null;
  const deadline = performance.now() + timeoutMs;
  while (!charts().every(drawn)) {
    if (performance.now() > deadline) { return [charts().filter(drawn).length, charts().length]; }
    await new Promise(resolve => setTimeout(resolve, 25));
  }
  const off = (wanted, drawnAt) => !(Math.abs((parseFloat(wanted) || 0) - drawnAt) <= 1);
  const misfit = el => { const box = getComputedStyle(el), full = el._fullLayout || {};
    return off(box.width, full.width) || off(box.height, full.height); };
  if (window.Plotly) { await Promise.all(charts().filter(misfit).map(Plotly.Plots.resize)); }
  await Promise.all(Array.from(document.fonts, face => face.load().catch(() => null)));
  await document.fonts.ready;
  return null; }"""
_BOX = (
    "font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-size:8pt;color:#333;"
    "width:100%;box-sizing:border-box;padding:0 16mm;-webkit-print-color-adjust:exact;"
)


@dataclass(frozen=True)
class PrintTask:
    """One page to print: ``page`` is edition-relative; ``output`` a temp path to write."""

    page: str
    output: Path
    number: str
    title: str


@dataclass(frozen=True)
class PrintOutcome:
    task: PrintTask
    error: str | None = None


def header_template(number: str, title: str) -> str:
    return (
        f'<div style="{_BOX}display:flex;justify-content:space-between;gap:8mm;'
        f"border-bottom:0.4pt solid #999;padding-bottom:1.5mm;margin:0 16mm;padding-left:0;"
        f'padding-right:0"><span>{escape(number)}</span><span>{escape(title)}</span></div>'
    )


def footer_template(language: str) -> str:
    return f'<div style="{_BOX}text-align:center">{text("pdf.footer", language)}</div>'


def print_settings(language: str) -> str:
    """Everything besides the page itself that shapes the PDF (part of the cache key): the
    print stylesheet, templates, sizes, and the renderer's own code."""
    code = [
        path.read_text(encoding="utf-8")
        for path in sorted(Path(__file__).parent.glob("*.py"))
        if path.name.startswith(("pdf", "browser"))
    ]
    parts = [
        *code,
        PRINT_CSS.read_text(encoding="utf-8"),
        footer_template(language),
        header_template("{number}", "{title}"),
        repr(MARGIN),
        repr(VIEWPORT),
    ]
    return "\n".join(parts)


async def print_pages(
    edition_dir: Path,
    tasks: Sequence[PrintTask],
    executable: str,
    language: str,
    workers: int,
    chart_timeout_ms: int,
    on_done: Callable[[PrintOutcome], None],
    make_fonts: Callable[[], PrintFonts] = PrintFonts,
) -> list[PrintOutcome]:
    queue: asyncio.Queue[PrintTask] = asyncio.Queue()
    for task in tasks:
        queue.put_nowait(task)
    outcomes: list[PrintOutcome] = []
    loop = asyncio.get_running_loop()
    served: dict[str, bytes] = {}  # the print fonts, once made
    # the print fonts (about 1 s of fontTools per weight when not cached) are made while
    # Chromium starts and the first pages load; a page waits for them only to be printed
    style = _PrintStyle(loop.run_in_executor(None, make_fonts), served)
    async with async_playwright() as playwright:
        browser = await launch_chromium(playwright, executable)
        context = await browser.new_context(viewport=VIEWPORT, service_workers="block")
        # on_done (pypdf post-processing) runs in one helper thread while tabs keep printing
        with serve_edition(edition_dir, served) as origin, ThreadPoolExecutor(1) as post:
            printer = _Printer(context, origin, style, language, chart_timeout_ms, post, on_done)
            count = max(1, min(workers, len(tasks)))
            await asyncio.gather(*(printer.work(queue, outcomes) for _ in range(count)))
            await browser.close()
            await asyncio.gather(*printer.pending)
    await style.fonts  # made even when no page got that far
    return outcomes


@dataclass
class _PrintStyle:
    """The stylesheet injected before printing: the print fonts' ``@font-face`` rules and the
    print stylesheet. Ready once the fonts are made; they are then served from ``served``."""

    fonts: asyncio.Future[PrintFonts]
    served: dict[str, bytes]
    css: str | None = None

    async def text(self) -> str:
        if self.css is None:
            fonts = await self.fonts
            self.served.update(fonts.files)
            self.css = fonts.css + PRINT_CSS.read_text(encoding="utf-8")
        return self.css


@dataclass
class _Printer:
    context: BrowserContext
    origin: str
    style: _PrintStyle
    language: str
    chart_timeout_ms: int
    post: ThreadPoolExecutor
    on_done: Callable[[PrintOutcome], None]
    pending: list[asyncio.Future[None]] = field(default_factory=list)

    async def work(self, queue: asyncio.Queue[PrintTask], outcomes: list[PrintOutcome]) -> None:
        page = await self._new_page()
        loop = asyncio.get_running_loop()
        while not queue.empty():
            task = queue.get_nowait()
            error = await self._print(page, task)
            outcome = PrintOutcome(task, error)
            outcomes.append(outcome)
            self.pending.append(loop.run_in_executor(self.post, self.on_done, outcome))
            if error is not None:  # a fresh tab after any failure
                await page.close()
                page = await self._new_page()
        await page.close()

    async def _new_page(self) -> Page:
        page = await self.context.new_page()
        await fence_page(page, self.origin)  # also emulates print media
        return page

    async def _print(self, page: Page, task: PrintTask) -> str | None:
        try:
            problem = await self._load(page, task)
            if problem is None:
                await page.pdf(
                    path=task.output,
                    format="A4",
                    display_header_footer=True,
                    header_template=header_template(task.number, task.title),
                    footer_template=footer_template(self.language),
                    print_background=True,
                    margin=MARGIN,
                )
            return problem
        except PlaywrightError as error:
            return f"the browser failed: {str(error).splitlines()[0]}"

    async def _load(self, page: Page, task: PrintTask) -> str | None:
        response = await page.goto(f"{self.origin}/{quote(task.page)}", wait_until="load")
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            return f"the page {task.page} could not be opened (HTTP {status})"
        seconds = self.chart_timeout_ms / 1000
        css = await self.style.text()
        prepare = page.evaluate(PREPARE_PAGE, [css, self.chart_timeout_ms])
        try:  # the page's own deadline answers first; this one guards against a hung page
            state = await asyncio.wait_for(prepare, seconds + 10)
        except TimeoutError:
            return f"the page {task.page} did not answer within {seconds + 10:g} s"
        if state is None:
            return None
        drawn, total = state
        return f"{total - drawn} of {total} charts did not finish drawing within {seconds:g} s"


def default_workers() -> int:
    """One tab per core, at most 4 (measured on 2 cores: 2 tabs beat 1 and 3)."""
    return max(1, min(4, os.cpu_count() or 1))
