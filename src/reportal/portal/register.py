"""The report register (服务报告统计表): one row per report, generated from front matter and the
plan, shown as a page and offered as ``register.xlsx`` (openpyxl) and ``register.csv`` (UTF-8
with BOM, so Excel opens the Chinese text correctly). Never maintained by hand.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date

from reportal.model.report import Report
from reportal.model.schedule import PlanState
from reportal.portal.escape import escape_markdown
from reportal.portal.text import (
    PortalContext,
    fmt_date,
    md_link,
    md_table,
    number_link,
    state_badge,
)

REGISTER_PAGE = "register/index.md"
REGISTER_XLSX = "register/register.xlsx"
REGISTER_CSV = "register/register.csv"
COLUMNS = (
    "number", "title", "customer", "period", "category", "author", "prepared", "reviewer",
    "reviewed_on", "approver", "approved_on", "status", "due", "issued", "on_time",
    "superseded_by",
)  # fmt: skip
_ON_TIME_WORD = {True: "word.yes", False: "word.no"}


@dataclass(frozen=True)
class RegisterRow:
    """One register row as text, in ``COLUMNS`` order (what the page, xlsx and csv show)."""

    number: str
    title: str
    customer: str
    period: str
    category: str
    author: str
    prepared: str
    reviewer: str
    reviewed_on: str
    approver: str
    approved_on: str
    status: str
    due: str
    issued: str
    on_time: str
    superseded_by: str


def on_time_of(ctx: PortalContext, report: Report) -> PlanState | None:
    """The plan state this report decides: only the report whose first issue counts does."""
    item = ctx.schedule.item_of(report.number)
    if item is None or item.report != report.number or report.supersedes:
        return None
    return item.state if item.state in (PlanState.ON_TIME, PlanState.LATE) else None


def due_of(ctx: PortalContext, report: Report) -> date | None:
    item = ctx.schedule.item_of(report.number)
    return item.due if item is not None else None


def register_rows(ctx: PortalContext) -> list[RegisterRow]:
    order = {c: i for i, c in enumerate(ctx.registry.customers)}
    reports = sorted(
        ctx.visible_reports(),
        # by the day the period ends: a quarter (2026-Q3) follows its last month, not its first
        key=lambda r: (order.get(r.customer, len(order)), r.customer, r.period.end, r.number),
    )
    successors = {r.supersedes: r.number for r in reports if r.supersedes}
    return [_row(ctx, r, successors.get(r.number, "")) for r in reports]


def _row(ctx: PortalContext, report: Report, superseded_by: str) -> RegisterRow:
    state = on_time_of(ctx, report)
    on_time = "" if state is None else ctx.text(_ON_TIME_WORD[state is PlanState.ON_TIME])
    return RegisterRow(
        number=report.number,
        title=report.title,
        customer=ctx.customer_name(report.customer),
        period=report.period.text,
        category=ctx.text(f"category.{report.category.value}"),
        author=ctx.person_name(report.author),
        prepared=fmt_date(report.prepared),
        reviewer=ctx.person_name(report.reviewer),
        reviewed_on=fmt_date(report.reviewed_on),
        approver=ctx.person_name(report.approver),
        approved_on=fmt_date(report.approved_on),
        status=ctx.text(f"status.{report.status.value}"),
        due=fmt_date(due_of(ctx, report)),
        issued=fmt_date(report.issued),
        on_time=on_time,
        superseded_by=superseded_by,
    )


def header_labels(ctx: PortalContext) -> list[str]:
    return [ctx.text(f"field.{name}") for name in COLUMNS]


def register_xlsx(ctx: PortalContext) -> bytes:
    """The register as an Excel workbook: one sheet, a bold frozen header, filters, widths."""
    from openpyxl import Workbook  # here: openpyxl imports numpy (lazy_modules.py)
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = ctx.text("register.title")
    sheet.append(header_labels(ctx))
    for number, row in enumerate(register_rows(ctx), start=2):
        values = astuple(row)
        sheet.append(list(values))
        for column in range(1, len(values) + 1):  # by position: sheet[n] rescans every cell
            sheet.cell(number, column).data_type = "s"  # text stays text: never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_WIDTHS = (24, 44, 12, 22, 10, 10, 12, 10, 12, 10, 12, 10, 12, 12, 9, 24)


def register_csv(ctx: PortalContext) -> bytes:
    """The register as CSV: UTF-8 with a BOM (Excel), CRLF line ends, a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header_labels(ctx))
    for row in register_rows(ctx):
        writer.writerow([_csv_cell(value) for value in astuple(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading = + - @ gets a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def register_page(ctx: PortalContext) -> str:
    rows = register_rows(ctx)
    page = REGISTER_PAGE
    lines = [
        f"# {ctx.text('register.title')}\n",
        ctx.text("register.intro", n=len(rows)) + "\n",
        f"{md_link(ctx.text('register.download_xlsx'), page, REGISTER_XLSX)} · "
        f"{md_link(ctx.text('register.download_csv'), page, REGISTER_CSV)}\n",
        md_table(header_labels(ctx), [_cells(ctx, row) for row in rows]),
    ]
    return "\n".join(lines)


def _cells(ctx: PortalContext, row: RegisterRow) -> list[str]:
    report = ctx.report(row.number)
    cells = [escape_markdown(getattr(row, f.name)) for f in fields(row)]
    if report is not None:
        cells[0] = number_link(row.number, REGISTER_PAGE, ctx.report_uri(report))
        state = on_time_of(ctx, report)
        if state is not None:
            cells[COLUMNS.index("on_time")] = state_badge(ctx, state)
    successor = ctx.report(row.superseded_by)
    if successor is not None:
        index = COLUMNS.index("superseded_by")
        cells[index] = number_link(successor.number, REGISTER_PAGE, ctx.report_uri(successor))
    return cells
