"""KPI tables as a report shows them: the actions register as it stood at the period end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import actions_table, satisfaction_table
from reportal.model.period import parse_period


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> KpiEngine:
    root = tmp_path_factory.mktemp("portal")
    for rel in REGISTRY_FILES:
        write(root, {rel: (repo_root / rel).read_text(encoding="utf-8")})
    # A7: closed after April, not yet due in April
    late_close = "A7,SR-DINGSHENG-2026-04-01,2026-04-02,seven,li.na,2026-06-30,closed,2026-05-10\n"
    # June surveys: mean 4.6 meets the 4.5 target, 80 % satisfied misses the 85 % warning line
    june = "".join(
        f"2026-06-0{day},现场回访,{score},\n" for day, score in enumerate([5, 5, 5, 3, 5], 1)
    )
    files = {
        **FILES,
        "data/exports/dingsheng/actions.csv": FILES["data/exports/dingsheng/actions.csv"]
        + late_close,
        "data/exports/dingsheng/surveys.csv": FILES["data/exports/dingsheng/surveys.csv"] + june,
    }
    write(root, files)
    return KpiEngine(root, cache_dir=None)


@pytest.fixture(scope="module")
def mid_april(engine: KpiEngine) -> KpiEngine:
    """The same portal on 2026-04-15, while April is still running."""
    return KpiEngine(engine.root, cache_dir=None, today=date(2026, 4, 15))


def rows_by_id(engine: KpiEngine, period: str) -> dict[str, tuple[str, str]]:
    """id -> (closed date cell, state label)."""
    table = actions_table(engine, "dingsheng", parse_period(period), None)
    return {row.key: (row.cells[5], row.label) for row in table.rows if row.key}


def test_an_action_closed_after_the_period_was_open_in_it(engine: KpiEngine) -> None:
    # A5: due 2026-03-01, closed 2026-05-03 (status closed today)
    assert rows_by_id(engine, "2026-04")["A5"] == ("—", "逾期")
    assert rows_by_id(engine, "2026-05")["A5"] == ("2026-05-03", "已关闭")


def test_states_at_the_period_end(engine: KpiEngine) -> None:
    april = rows_by_id(engine, "2026-04")
    assert april["A1"] == ("2026-04-08", "已关闭")  # closed in April
    assert april["A2"] == ("—", "逾期")  # due 04-20, in progress at the April end
    assert april["A3"] == ("—", "未开始")  # due 05-15, not started
    assert april["A7"] == ("—", "未关闭")  # closed on 05-10: open at the April end
    assert rows_by_id(engine, "2026-05")["A7"] == ("2026-05-10", "已关闭")


def test_a_channel_meeting_the_mean_but_not_the_satisfied_share_is_not_met(
    engine: KpiEngine,
) -> None:
    table = satisfaction_table(engine, "dingsheng", parse_period("2026-06"))
    rows = {row.key: row for row in table.rows}
    assert rows["现场回访"].cells[2:4] == ("4.60 分", "80.0%")
    assert rows["现场回访"].state == "critical"
    assert rows["total"].state == "critical"
    assert "满意占比 ≥ 90.0%" in (table.note or "")
    april = {
        row.key: row.state
        for row in satisfaction_table(engine, "dingsheng", parse_period("2026-04")).rows
    }
    assert april["现场回访"] == "met"  # 5.0 and 100 %


def test_while_the_period_runs_actions_are_judged_today(
    engine: KpiEngine, mid_april: KpiEngine
) -> None:
    april = parse_period("2026-04")
    # A2 is due 04-20: overdue at the April end, not yet on 04-15
    assert rows_by_id(engine, "2026-04")["A2"][1] == "逾期"
    table = actions_table(mid_april, "dingsheng", april, None)
    assert {row.key: row.label for row in table.rows}["A2"] == "进行中"
    # the KPIs on the same page count the same way
    assert engine.result("dingsheng", april, "actions.overdue").value.value == 2  # A2, A5
    assert mid_april.result("dingsheng", april, "actions.overdue").value.value == 1  # A5


def test_owners_are_shown_by_name(engine: KpiEngine) -> None:
    table = actions_table(engine, "dingsheng", parse_period("2026-04"), None)
    assert {row.cells[2] for row in table.rows} == {"李娜"}


def test_english_action_labels_follow_the_same_states(
    engine: KpiEngine, mid_april: KpiEngine
) -> None:
    april = parse_period("2026-04")
    table = actions_table(engine, "dingsheng", april, None, "en")
    labels = {row.key: row.label for row in table.rows}
    assert (labels["A1"], labels["A2"], labels["A3"], labels["A7"]) == (
        "Closed",
        "Overdue",
        "Not started",
        "Not closed",
    )
    assert table.headers == ("No.", "Action", "Owner", "Raised in", "Due", "Closed on", "Status")
    running = actions_table(mid_april, "dingsheng", april, None, "en")
    assert {row.key: row.label for row in running.rows}["A2"] == "In progress"
    # Chinese is the default, and the same as asking for it
    assert actions_table(engine, "dingsheng", april, None) == actions_table(
        engine, "dingsheng", april, None, "zh"
    )


def test_english_satisfaction_table(engine: KpiEngine) -> None:
    table = satisfaction_table(engine, "dingsheng", parse_period("2026-06"), "en")
    rows = {row.key: row for row in table.rows}
    assert table.title == "Customer satisfaction"
    assert table.headers[:4] == (
        "Survey channel",
        "Responses",
        "Mean score",
        "Satisfied (score ≥ 4)",
    )
    assert rows["现场回访"].cells[2:4] == ("4.60", "80.0%")  # no "分" unit in English
    assert rows["total"].cells[0] == "Total" and rows["total"].state == "critical"
    assert table.note == (
        "Target: mean score ≥ 4.50, satisfied share ≥ 90.0%; both must be met. Scores 1–5."
    )
