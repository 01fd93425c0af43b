"""Plain KPI listings for the CLI: one row per KPI with value, target and state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportal.kpi.engine import KpiEngine, KpiResult
from reportal.kpi.format import format_result, format_target
from reportal.model.period import Period


def kpi_rows(root: Path, customer: str, period: Period) -> tuple[list[dict[str, Any]], int]:
    """Every KPI of ``customer`` for ``period`` and the number of data errors found (a KPI
    whose source has errors is "no data" with the error's code in ``issue``)."""
    engine = KpiEngine(root)
    engine.customer(customer)
    rows = []
    for kpi_id, result in engine.results(customer, period).items():
        d, value = result.definition, result.value
        rows.append(
            {
                "id": kpi_id,
                "title": d.title["zh"],
                "title_en": d.title["en"],
                "value": value.value,
                "unit": d.unit,
                "text": _text(result),
                "issue": value.issue,
                "small_sample": value.small_sample,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "target": result.target.target if result.target else None,
                "target_text": format_target(result.target, d),
                "state": result.state,
                "breakdown": value.breakdown,
            }
        )
    return rows, sum(1 for issue in engine.data_issues() if issue.is_error)


def _text(result: KpiResult) -> str:
    return format_result(result.value, result.definition)


def render_rows(rows: list[dict[str, Any]]) -> str:
    widths = (38, 14, 12, 10)
    lines = [_line(("KPI", "value", "target", "state"), widths)]
    for row in rows:
        lines.append(_line((row["id"], row["text"], row["target_text"], row["state"]), widths))
    return "\n".join(lines)


def _line(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    return "  ".join(_pad(str(c), w) for c, w in zip(cells, widths, strict=True)).rstrip()


def _pad(text: str, width: int) -> str:
    shown = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)  # CJK takes two columns
    return text + " " * max(width - shown, 0)
