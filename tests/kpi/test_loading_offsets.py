"""Timestamps with a UTC offset (``%z``, ISO 8601) and sources without a ``date_format``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import render_text
from reportal.kpi.checks import check_all
from reportal.kpi.engine import KpiEngine
from reportal.model.period import parse_period

APRIL = parse_period("2026-04")


def portal(tmp_path: Path, repo_root: Path, fmt: str | None, rows: str) -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    declared = f'    date_format: "{fmt}"\n' if fmt else ""
    sources = (
        "dingsheng:\n  tickets:\n    path: exports/dingsheng/t.csv\n"
        f"{declared}    columns: {{id: id, opened: opened, resolved: resolved, prio: priority}}\n"
    )
    csv = "id,opened,resolved,prio\n" + rows
    return write(
        tmp_path, {**registry, "data/sources.yml": sources, "data/exports/dingsheng/t.csv": csv}
    )


def frame(root: Path) -> pd.DataFrame:
    table = KpiEngine(root).table("dingsheng", "tickets")
    assert table is not None
    return table.frame


# dingsheng's calendar is cn-mainland, Asia/Shanghai (UTC+8)
@pytest.mark.parametrize(
    ("fmt", "rows"),
    [
        pytest.param(
            "%Y-%m-%d %H:%M%z",
            "A,2026-03-31 19:30+0200,2026-04-01 10:00+0200,P1\n",
            id="one-offset-percent-z",
        ),
        pytest.param(
            "%Y-%m-%dT%H:%M:%S.%f%z",
            "A,2026-03-31T19:30:00.000+02:00,2026-04-01T09:00:00.000+01:00,P1\n",
            id="mixed-offsets-percent-z",
        ),
        pytest.param(
            None,
            "A,2026-03-31T19:30:00.000+02:00,2026-04-01T09:00:00.000+01:00,P1\n",
            id="mixed-offsets-iso-8601",
        ),
        pytest.param(
            "ISO8601",
            "A,2026-03-31T17:30:00Z,2026-04-01T08:00:00Z,P1\n",
            id="utc-z-iso-8601",
        ),
    ],
)
def test_offsets_convert_to_the_customer_calendar_zone(
    tmp_path: Path, repo_root: Path, fmt: str | None, rows: str
) -> None:
    root = portal(tmp_path, repo_root, fmt, rows)
    portal_issues = check_all(root).issues
    assert [render_text(i) for i in portal_issues if i.file.startswith("data/")] == []
    loaded = frame(root)
    # 19:30 at +02:00 on 31 March is 17:30 UTC, 01:30 on 1 April in Shanghai
    assert loaded.loc[0, "opened"] == pd.Timestamp("2026-04-01 01:30")
    assert loaded.loc[0, "resolved"] == pd.Timestamp("2026-04-01 16:00")
    engine = KpiEngine(root)
    assert engine.result("dingsheng", APRIL, "tickets.opened").value.value == 1
    assert engine.result("dingsheng", APRIL, "resolution.mean_hours").value.value == 14.5


def test_without_date_format_iso_8601_is_read(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root, None, "A,2026-04-01 10:00:00,2026-04-01T12:30,P1\n")
    assert KpiEngine(root).data_issues() == []
    assert frame(root).loc[0, "resolved"] == pd.Timestamp("2026-04-01 12:30")


def test_without_date_format_other_layouts_are_never_guessed(
    tmp_path: Path, repo_root: Path
) -> None:
    root = portal(tmp_path, repo_root, None, "A,01/04/2026 10:00,,P1\n")
    issues = KpiEngine(root).data_issues()
    assert [(i.line, i.field, i.code) for i in issues] == [(2, "opened", "D110")]
    assert "ISO 8601" in issues[0].message
    assert "declare date_format" in issues[0].message


def test_a_cell_without_offset_among_offsets_is_a_bad_cell(tmp_path: Path, repo_root: Path) -> None:
    rows = "A,2026-04-01T10:00:00+02:00,,P1\nB,2026-04-01T10:00:00,,P1\n"
    root = portal(tmp_path, repo_root, None, rows)
    issues = KpiEngine(root).data_issues()
    assert [(i.line, i.field, i.code) for i in issues] == [(3, "opened", "D110")]


def test_timezone_aware_parquet_column(tmp_path: Path, repo_root: Path) -> None:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    write(tmp_path, registry)
    sources = (
        "dingsheng:\n  tickets:\n    path: exports/dingsheng/t.parquet\n"
        "    columns: {id: id, opened: opened, prio: priority}\n"
    )
    write(tmp_path, {"data/sources.yml": sources})
    (tmp_path / "data/exports/dingsheng").mkdir(parents=True)
    opened = pd.to_datetime(["2026-03-31 19:30+02:00"], utc=True).tz_convert("Europe/Berlin")
    pd.DataFrame({"id": ["A"], "opened": opened, "prio": ["P1"]}).to_parquet(
        tmp_path / "data/exports/dingsheng/t.parquet"
    )
    assert KpiEngine(tmp_path).data_issues() == []
    assert frame(tmp_path).loc[0, "opened"] == pd.Timestamp("2026-04-01 01:30")
