"""Every KPI against hand-computed numbers (fixtures.py; 24x7 customer dingsheng, April 2026).

SLA targets of dingsheng (data/customers.yml), in hours: P1 0.25/2, P2 0.5/6, P3 1/24, P4 4/48.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.kpi.definition_set import all_definitions
from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import kpi_table
from reportal.model.period import parse_period

APRIL = parse_period("2026-04")

# kpi id -> (value, breakdown or None); each number worked out by hand from fixtures.py.
EXPECTED: dict[str, tuple[float | None, dict[str, float | None] | None]] = {
    # opened in April: T1 T2 T3 T5 T7 (T4 opened in March, T6 in February)
    "tickets.opened": (5, {"P1": 1, "P2": 2, "P3": 2}),
    # resolved in April: T1 T2 T3 T4; closed in April: T1 T2 T4
    "tickets.resolved": (4, {"P1": 1, "P2": 1, "P3": 1, "P4": 1}),
    "tickets.closed": (3, {"P1": 1, "P2": 1, "P4": 1}),
    "tickets.closed_unresolved": (0, None),  # every closed ticket has a resolved time
    # open at 04-01 00:00: T4 (resolved 04-05) and T6 (never resolved)
    "tickets.backlog_start": (2, {"P4": 2}),
    # open at 05-01 00:00: T5 T6 T7; older than 30 days (before 04-01): T6 only
    "tickets.backlog_end": (3, {"P2": 1, "P3": 1, "P4": 1}),
    "tickets.backlog_over_30d": (1, {"P4": 1}),
    # not closed at 05-01, resolved or not: T3 (resolved, never closed) T5 T6 T7
    "tickets.not_closed_end": (4, {"P2": 1, "P3": 2, "P4": 1}),
    # opened cohort (April): T1 T2 T3 T5 T7; SLA outcome known for the resolved T1 ok, T2 ok,
    # T3 missed (T5, T7 unresolved, no flag)
    "cohort.sla_met": (200 / 3, {"P1": 100.0, "P2": 100.0, "P3": 0.0}),
    "cohort.sla_flag": (None, None),  # the export has no SLA-met flag
    "cohort.reopen_rate": (20.0, None),  # T2 of 5
    "cohort.reassignment_rate": (20.0, None),  # T2 of 5
    "cohort.close_mean_hours": (24.0, None),  # closed: T1 24 h, T2 24 h
    # responded, opened in April: T1 10 min <= 15 ok, T2 40 > 30 missed, T3 30 <= 60 ok,
    # T5 60 <= 60 ok (limit is inclusive); T7 has no response yet -> 3 of 4
    "sla.response": (75.0, {"P1": 100.0, "P2": 0.0, "P3": 100.0}),
    # resolved in April: T1 1 h <= 2 ok; T2 10 h - 5 h pending = 5 <= 6 ok (paused clock);
    # T3 48 > 24 missed; T4 144 > 48 missed -> 2 of 4
    "sla.resolution": (50.0, {"P1": 100.0, "P2": 100.0, "P3": 0.0, "P4": 0.0}),
    # wall-clock hours to resolve: 1, 10, 48, 144
    "resolution.mean_hours": (50.75, {"P1": 1.0, "P2": 10.0, "P3": 48.0, "P4": 144.0}),
    "resolution.median_hours": (29.0, None),  # (10 + 48) / 2
    "resolution.p90_hours": (115.2, None),  # rank 0.9 * 3 = 2.7: 48 + 0.7 * (144 - 48)
    # first response minutes of April tickets: 10, 40, 30, 60 -> median (30 + 40) / 2
    "resolution.first_response_minutes": (35.0, {"P1": 10.0, "P2": 40.0, "P3": 45.0}),
    "quality.reopen_rate": (25.0, None),  # T2 reopened once, of 4 resolved
    "quality.reassignment_rate": (50.0, None),  # T2 (2) and T4 (1) of 4
    "quality.first_assignment_resolution": (50.0, None),  # T1 and T3 of 4
    "quality.first_contact_resolution": (100 / 3, None),  # T1 是 of T1 T2 T3 (T4 unknown)
    # calls in April: offered 10+20+0+10, answered 9+18+0+5, within 8+12+0+4, abandoned 8
    "calls.offered": (40, None),
    "calls.answered": (32, None),
    # shifts: early 8-16 has 27 of 30, late 16-24 has 5 of 10, night 0 of 0 -> no data
    "calls.answer_rate": (80.0, {"夜班": None, "早班": 90.0, "中班": 50.0}),
    "calls.abandon_rate": (20.0, None),
    "calls.service_level": (60.0, None),  # 24 / 40
    "calls.asa_seconds": (510 / 32, None),  # (90 + 270 + 0 + 150) / 32
    "calls.aht_seconds": (6300 / 32, None),  # (1800 + 3600 + 0 + 900) / 32
    # surveys dated in April: 现场 5; 电话 4, 2, 3
    "csat.responses": (4, {"现场回访": 1, "电话回访": 3}),
    "csat.mean": (3.5, {"现场回访": 5.0, "电话回访": 3.0}),
    "csat.satisfied_share": (50.0, {"现场回访": 100.0, "电话回访": 100 / 3}),
    # 4 system-days x 1440 = 5760 scheduled, 144 down; B: (2880 - 144) / 2880
    "availability.attainment": (97.5, {"A": 100.0, "B": 95.0}),
    "availability.downtime_minutes": (144, {"A": 0.0, "B": 144.0}),
    "availability.p95_ms": (500, {"A": 350.0, "B": 500.0}),  # `?` is missing, not 0
    # open at 05-01: A2, A3, A5 (closed only on 05-03); A6 closed without a date
    "actions.open": (3, None),
    "actions.overdue": (2, None),  # A2 due 04-20, A5 due 03-01
    "actions.closed": (1, None),  # A1 closed 04-08
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> KpiEngine:
    root = _portal(tmp_path_factory.mktemp("kpi"), repo_root)
    engine = KpiEngine(root)
    assert engine.data_issues() == []
    return engine


def _portal(root: Path, repo_root: Path) -> Path:
    write(root, {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES})
    return write(root, dict(FILES))


def test_every_registered_kpi_has_a_hand_computed_case() -> None:
    assert sorted(d.id for d in all_definitions()) == sorted(EXPECTED)


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED))
def test_kpi_value(engine: KpiEngine, kpi_id: str) -> None:
    expected, breakdown = EXPECTED[kpi_id]
    result = engine.result("dingsheng", APRIL, kpi_id)
    assert result.value.value == pytest.approx(expected)
    if breakdown is not None:
        assert result.value.breakdown == pytest.approx(breakdown, nan_ok=True) or _same(
            result.value.breakdown, breakdown
        )


def _same(got: dict[str, float | None], want: dict[str, float | None]) -> bool:
    assert got.keys() == want.keys()
    for key, value in want.items():
        assert (got[key] is None) == (value is None), key
        if value is not None:
            assert got[key] == pytest.approx(value), key
    return True


def test_shares_carry_numerator_and_denominator(engine: KpiEngine) -> None:
    result = engine.result("dingsheng", APRIL, "sla.resolution")
    assert (result.value.numerator, result.value.denominator) == (2, 4)


EMPTY = parse_period("2025-01")


@pytest.mark.parametrize(
    "kpi_id",
    [
        k
        for k, (v, _) in EXPECTED.items()
        if not k.startswith(("tickets.", "actions.", "calls.of", "calls.ans", "csat.resp"))
    ],
)
def test_empty_period_gives_no_data(engine: KpiEngine, kpi_id: str) -> None:
    result = engine.result("dingsheng", EMPTY, kpi_id)
    assert result.value.value is None
    assert result.state in ("no_data",)


@pytest.mark.parametrize("kpi_id", ["tickets.opened", "calls.offered", "csat.responses"])
def test_empty_period_counts_are_zero(engine: KpiEngine, kpi_id: str) -> None:
    assert engine.result("dingsheng", EMPTY, kpi_id).value.value == 0


def test_states_follow_targets(engine: KpiEngine) -> None:
    # dingsheng targets: sla.resolution 95/92/90 -> 50 is critical and beyond the critical line
    resolution = engine.result("dingsheng", APRIL, "sla.resolution")
    assert (resolution.state, resolution.assessment.severe) == ("critical", True)
    # calls.abandon_rate target 5 (lower is better): 20 is critical
    assert engine.result("dingsheng", APRIL, "calls.abandon_rate").state == "critical"
    # a volume has no target
    assert engine.result("dingsheng", APRIL, "tickets.opened").state == "no_target"


def test_quarter_period_sums_its_months(engine: KpiEngine) -> None:
    q2 = parse_period("2026-Q2")
    # April's 40 plus May's 100
    assert engine.result("dingsheng", q2, "calls.offered").value.value == 140


def test_cohort_share_over_few_tickets_is_marked(engine: KpiEngine) -> None:
    value = engine.result("dingsheng", APRIL, "cohort.sla_met").value
    assert (value.denominator, value.small_sample) == (3, True)  # 3 tickets < 30
    rows = {row.key: row.cells for row in kpi_table(engine, "dingsheng", APRIL, "cohort").rows}
    assert rows["cohort.sla_met"][1] == "66.7%（样本少，n=3）"
    english = kpi_table(engine, "dingsheng", APRIL, "cohort", "en").rows[0].cells[1]
    assert english == "66.7% (small sample, n=3)"


def test_small_sample_floor_is_configurable(tmp_path: Path, repo_root: Path) -> None:
    root = _portal(tmp_path, repo_root)
    sources = root / "data/sources.yml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(
            "    path: exports/dingsheng/t.csv\n",
            "    path: exports/dingsheng/t.csv\n    min_sample: 3\n",
        ),
        encoding="utf-8",
    )
    value = KpiEngine(root).result("dingsheng", APRIL, "cohort.sla_met").value
    assert (value.denominator, value.small_sample) == (3, False)


def test_every_ticket_kpi_states_its_population() -> None:
    for definition in all_definitions():
        if definition.source == "tickets":
            assert definition.population, definition.id


def test_aged_backlog_is_lower_is_better(engine: KpiEngine) -> None:
    # dingsheng target 0 / warning 2 / critical 5: one aged ticket (T6) is a warning
    assert engine.result("dingsheng", APRIL, "tickets.backlog_over_30d").state == "warning"
