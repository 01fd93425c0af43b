"""Forecasts of volume KPIs: ETS on a synthetic seasonal series with a known answer, the
refusals, and the trend chart's dashed continuation, band and table rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.kpi.charts import trend_chart
from reportal.kpi.engine import KpiEngine
from reportal.kpi.forecast import MIN_POINTS, forecast
from reportal.model.period import parse_period

STEPS = np.arange(39)
# the known answer: trend 3 a month plus a yearly season of amplitude 25
TRUTH = 200 + 3 * STEPS + 25 * np.sin(2 * np.pi * STEPS / 12)
SERIES = TRUTH + np.random.default_rng(0).normal(0, 4, len(STEPS))  # noise sd 4


def test_seasonal_series_is_forecast_within_its_interval() -> None:
    result = forecast(list(SERIES[:36]), 3)
    assert result.method.startswith("ETS(A,A,A)")
    for true, low, mid, high in zip(
        TRUTH[36:], result.lower, result.values, result.upper, strict=True
    ):
        assert low <= true <= high
        assert abs(mid - true) / true < 0.02
    assert result.mape is not None and result.mape < 3  # back-test over the last 6 points


def test_refuses_below_twelve_points_and_with_a_gap() -> None:
    short = forecast(list(SERIES[: MIN_POINTS - 1]), 3)
    assert (short.values, short.reason, short.points) == ((), "short", 11)
    gap = forecast([*SERIES[:20], None, *SERIES[21:30]], 3)
    assert (gap.values, gap.reason) == ((), "gap")
    one_year = forecast(list(SERIES[:15]), 3)  # no full second season: trend only
    assert one_year.method.startswith("ETS(A,Ad,N)") and len(one_year.values) == 3


def monthly_tickets(months: int) -> str:
    """``SERIES`` tickets opened per month (rounded), from 2024-01 on, all P3."""
    rows = ["id,opened,prio"]
    for month in range(months):
        year, index = divmod(month, 12)
        for n in range(round(SERIES[month])):
            day = 1 + n % 28
            rows.append(f"T{month}-{n},{2024 + year}-{index + 1:02d}-{day:02d} 10:00,P3")
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> KpiEngine:
    root = tmp_path_factory.mktemp("forecast")
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    sources = (
        "dingsheng:\n  tickets:\n    path: exports/dingsheng/t.csv\n"
        '    date_format: "%Y-%m-%d %H:%M"\n    columns: {id: id, opened: opened, prio: priority}\n'
    )
    files = {"data/sources.yml": sources, "data/exports/dingsheng/t.csv": monthly_tickets(36)}
    return KpiEngine(write(root, {**registry, **files}))


def test_trend_chart_continues_with_a_dashed_forecast_and_band(engine: KpiEngine) -> None:
    december = parse_period("2026-12")
    chart = trend_chart(engine, "dingsheng", december, "tickets.opened", 12, "en", forecast=3)
    keys = [row.key for row in chart.table.rows]
    assert keys[-4:] == ["2026-12", "forecast:2027-01", "forecast:2027-02", "forecast:2027-03"]
    january = chart.table.rows[-3]
    assert january.label == "Forecast" and january.cells[1].startswith("≈ ")
    assert "(80%: " in january.cells[1]
    assert "Forecast: ETS(A,A,A)" in chart.table.note and "MAPE" in chart.table.note
    traces = chart.figure["data"]
    dashed = [t for t in traces if t["type"] == "scatter" and t["line"].get("dash") == "dash"]
    assert list(dashed[-1]["x"]) == ["2026-12", "2027-01", "2027-02", "2027-03"]
    band = next(t for t in traces if t["type"] == "scatter" and t.get("fill") == "toself")
    assert len(band["x"]) == 6  # the three months up and back down


def test_chart_says_why_there_is_no_forecast(tmp_path: Path, repo_root: Path) -> None:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    engine = KpiEngine(write(tmp_path, {**registry, **FILES}))
    chart = trend_chart(engine, "dingsheng", parse_period("2026-04"), "tickets.opened", 6, "zh", 3)
    assert chart.table.note == "无预测：仅有 3 期数据，预测至少需要 12 期。"  # Feb..Apr 2026
    assert not any(row.key and row.key.startswith("forecast:") for row in chart.table.rows)


def test_only_volume_kpis_are_forecast(engine: KpiEngine) -> None:
    with pytest.raises(ValueError, match="volume KPI"):
        trend_chart(engine, "dingsheng", parse_period("2026-12"), "sla.resolution", 12, "en", 3)
