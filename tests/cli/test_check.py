"""`reportal check`: every issue once, sorted, a summary, and the exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from reportal.cli.main import cli

BAD = """---
number: SR-HUAXIN-2026-10-01
title: 华信银行 2026 年 10 月 IT 运维服务报告
customer: huaxin
period: 2026-13
category: regular
author: li.na
status: draft
prepared: 2026-11-03
---

{{ config.site_name }}
"""
BAD_BODY = BAD.replace("period: 2026-13", "period: 2026-10").replace(
    "{{ config.site_name }}", "text\n\n[x](javascript:alert(1))"
)


def bad_portal(tmp_portal: Callable[..., Path]) -> Path:
    return tmp_portal(
        {
            "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": BAD,
            "reports/huaxin/2026/SR-HUAXIN-2026-10-02.md": BAD_BODY.replace("10-01", "10-02"),
        }
    )


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_output(tmp_portal: Callable[..., Path]) -> None:
    root = bad_portal(tmp_portal)
    code, out, _ = run("--root", str(root))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md:5: period: "
        '"2026-13" is not a period (month 13 does not exist) [R006]'
    )
    assert "reports/huaxin/2026/SR-HUAXIN-2026-10-02.md:14: body: `javascript:` URLs" in out
    assert "SR-HUAXIN-2026-10-01.md:12: body: attribute or item access" in out
    assert lines[-1] == "✗ 3 errors in 2 files"
    assert str(root) not in out
    assert "Traceback" not in out


def test_json_output_parses_and_summary_goes_to_stderr(tmp_portal: Callable[..., Path]) -> None:
    code, out, err = run("--root", str(bad_portal(tmp_portal)), "--format", "json")
    assert code == 1
    rows = json.loads(out)
    assert [(r["file"].rsplit("/", 1)[1], r["line"], r["field"], r["code"]) for r in rows] == [
        ("SR-HUAXIN-2026-10-01.md", 5, "period", "R006"),
        ("SR-HUAXIN-2026-10-01.md", 12, "body", "B005"),
        ("SR-HUAXIN-2026-10-02.md", 14, "body", "B013"),
    ]
    assert err.strip() == "✗ 3 errors in 2 files"


def test_github_annotations(tmp_portal: Callable[..., Path]) -> None:
    code, out, _ = run("--root", str(bad_portal(tmp_portal)), "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=reports/huaxin/2026/SR-HUAXIN-") for line in lines)
    assert ",line=5,title=R006 period::" in lines[0]


def test_usage_error_exits_2(tmp_portal: Callable[..., Path]) -> None:
    assert run("--format", "yaml")[0] == 2
    assert run("--root", str(tmp_portal() / "nope"))[0] == 2


def test_clean_portal(tmp_portal: Callable[..., Path]) -> None:
    good = BAD.replace("period: 2026-13", "period: 2026-10").replace("{{ config.site_name }}", "")
    root = tmp_portal({"reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": good})
    code, out, _ = run("--root", str(root))
    assert (code, out) == (0, "✓ 1 report checked, no issues\n")


def test_portal_without_registry_reports_missing_files(tmp_path: Path) -> None:
    code, out, _ = run("--root", str(tmp_path))
    assert code == 1
    assert "reportal.yml: file is missing [D001]" in out
    assert str(tmp_path) not in out


def test_demo_portal_has_no_errors(repo_root: Path) -> None:
    """The real console script on the demo portal: exit 0, no errors (warnings are allowed)."""
    exe = Path(sys.executable).parent / "reportal"
    command = [str(exe), "check", "--root", str(repo_root), "--format", "json"]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads(proc.stdout)
    assert [r for r in rows if r["severity"] == "error"] == []
    summary = proc.stderr.strip().splitlines()[-1]
    assert summary.startswith("✓ ")
    assert int(summary.split()[1]) == len(list((repo_root / "reports").rglob("*.md")))


def test_bad_calendar_values_are_reported_with_lines_not_raised(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(with_demo_reports=True, with_data=True)
    calendars = root / "data/calendars.yml"
    text = calendars.read_text(encoding="utf-8")
    text = text.replace("    - 2026-01-02", "    - 2026-02-30").replace(
        'start: "09:00"', 'start: "9h"'
    )
    calendars.write_text(text, encoding="utf-8")
    code, out, _ = run("--root", str(root))
    assert code == 1
    assert "Traceback" not in out
    line = text.splitlines().index("    - 2026-02-30") + 1
    index = [row for row in text.splitlines() if row.startswith("    - ")].index("    - 2026-02-30")
    bad_date = f'data/calendars.yml:{line}: cn-mainland.holidays.{index}: "2026-02-30" is not'
    assert bad_date in out
    assert 'data/calendars.yml:4: cn-mainland.working_hours.start: "9h"' in out
    assert out.count("2026-02-30") == 1  # once, however many readers met it
    plan = CliRunner().invoke(cli, ["plan", "--root", str(root)])
    assert plan.exception is None or isinstance(plan.exception, SystemExit)
    assert f"data/calendars.yml:{line}" in plan.stderr
