"""`reportal kpi`: every KPI of a customer and period, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.cli.main import cli


def portal(root: Path, repo_root: Path) -> Path:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    return write(root, {**registry, **FILES})


def test_json_lists_every_kpi_with_value_and_state(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    result = CliRunner().invoke(
        cli,
        [
            "kpi",
            "--customer",
            "dingsheng",
            "--period",
            "2026-04",
            "--format",
            "json",
            "--root",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert len(rows) == 39
    assert rows["sla.response"]["value"] == 75.0
    assert rows["sla.response"]["text"] == "75.0%"
    assert rows["sla.response"]["target"] == 98 and rows["sla.response"]["state"] == "critical"
    assert rows["calls.answer_rate"]["breakdown"]["夜班"] is None


def test_table_output_and_no_data(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    result = CliRunner().invoke(
        cli, ["kpi", "--customer", "dingsheng", "--period", "2025-01", "--root", str(root)]
    )
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("sla.resolution"))
    assert line.split() == ["sla.resolution", "无数据", "≥", "95.0%", "no_data"]
    assert "nan" not in result.stdout


def test_bad_customer_and_period_are_usage_errors(tmp_path: Path, repo_root: Path) -> None:
    root = portal(tmp_path, repo_root)
    bad = CliRunner().invoke(
        cli, ["kpi", "--customer", "acme", "--period", "2026-04", "--root", str(root)]
    )
    assert bad.exit_code == 2 and 'unknown customer "acme"' in bad.output
    bad = CliRunner().invoke(
        cli, ["kpi", "--customer", "huaxin", "--period", "2026-13", "--root", str(root)]
    )
    assert bad.exit_code == 2 and "month 13 does not exist" in bad.output
