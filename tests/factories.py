"""Report objects for unit tests: an approved monthly report of the demo portal, any field
changed by keyword. Importable from every test folder (tests/ is on sys.path via conftest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from reportal.model.period import parse_period
from reportal.model.report import Category, Report, Status


def make_report(number: str = "SR-HUAXIN-2026-10-01", **changes: object) -> Report:
    """An approved regular report for the month in ``number`` (SR-<CODE>-<YYYY>-<MM>-<NN>),
    prepared, approved and issued in the first days after the period; ``changes`` override."""
    code, year, month = number.split("-")[1], int(number.split("-")[2]), int(number.split("-")[3])
    customer = code.lower()
    period = parse_period(f"{year}-{month:02d}")
    after = period.end + timedelta(days=1)
    base = Report(
        path=f"reports/{customer}/{year}/{number}.md",
        number=number,
        title=f"{number} 报告",
        customer=customer,
        period=period,
        category=Category.REGULAR,
        author="li.na",
        status=Status.APPROVED,
        prepared=after + timedelta(days=2),
        approver="wang.qiang",
        approved_on=after + timedelta(days=4),
        issued=after + timedelta(days=5),
    )
    return replace(base, **changes)  # type: ignore[arg-type]
