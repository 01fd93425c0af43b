"""One rule for every command: an unknown id (or bad option) exits 2 with one line, `--format
json` prints one JSON document on stdout, `--format github` prints issues as annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reportal.cli.main import cli

BAD_REPORT = """---
number: SR-HUAXIN-2026-10-01
title: 华信银行 2026 年 10 月 IT 运维服务报告
customer: huaxin
period: 2026-13
category: regular
author: li.na
status: draft
prepared: 2026-11-03
---

text
"""
CREDENTIALS = "provider:\n  li.na: provider-long-passphrase\n"

# (command line after `reportal`, with ROOT for the portal and TMP for a scratch folder)
UNKNOWN_IDS = {
    "archive": ["archive", "--root", "ROOT", "--edition", "acme", "--out", "TMP/a"],
    "build": ["build", "--root", "ROOT", "--edition", "acme", "--no-pdf", "--out", "TMP/s"],
    "check": ["check", "--root", "ROOT", "--against", "no-such-ref"],
    "codeowners": ["codeowners", "--root", "ROOT", "--format", "xml"],
    "deploy nginx": ["deploy", "nginx", "--root", "ROOT", "--tls-cert", "ROOT/reportal.yml"],
    "deploy htpasswd": ["deploy", "htpasswd", "--root", "ROOT", "--credentials", "TMP/none"],
    "freeze": ["freeze", "--root", "ROOT", "SR-NOBODY-2026-01-01"],
    "init": ["init", "ROOT/reportal.yml"],
    "kpi": ["kpi", "--root", "ROOT", "--customer", "acme", "--period", "2026-04"],
    "new": ["new", "--root", "ROOT", "--customer", "acme", "--period", "2026-11"],
    "new --amend": ["new", "--root", "ROOT", "--amend", "SR-NOBODY-2026-01-01"],
    "pdf": ["pdf", "--root", "ROOT", "--site", "TMP/site", "SR-NOBODY-2026-01-01"],
    "plan": ["plan", "--root", "ROOT", "--customer", "acme"],
    "verify": ["verify", "TMP/none.tar"],
}


def invoke(args: list[str], root: Path, tmp: Path) -> Result:
    line = [a.replace("ROOT", str(root)).replace("TMP", str(tmp)) for a in args]
    return CliRunner().invoke(cli, line)


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    (tmp_path / "scratch" / "site" / "reports").mkdir(parents=True)
    return tmp_path / "scratch"


@pytest.mark.parametrize("name", sorted(UNKNOWN_IDS))
def test_unknown_id_or_bad_option_exits_2_with_one_line(
    name: str, tmp_portal: Callable[..., Path], scratch: Path
) -> None:
    result = invoke(UNKNOWN_IDS[name], tmp_portal(), scratch)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and result.stderr.rstrip().endswith(errors[0]), result.stderr
    assert result.stdout == "" and "Traceback" not in result.output


def test_unknown_ids_name_the_choices(tmp_portal: Callable[..., Path], scratch: Path) -> None:
    built = invoke(UNKNOWN_IDS["build"], tmp_portal(), scratch)
    assert 'edition "acme" is neither "provider" nor a customer' in built.stderr
    assert "(use all, provider, dingsheng, huaxin) [E001]" in built.stderr
    frozen = invoke(UNKNOWN_IDS["freeze"], tmp_portal(), scratch)
    assert "Error: NUMBERS: unknown report number(s): SR-NOBODY-2026-01-01" in frozen.stderr


# command lines whose --format json output must parse, and their exit status
JSON_RUNS = {
    "archive": (["archive", "--root", "ROOT", "--out", "TMP/a", "--site", "TMP/site"], 1),
    "build": (["build", "--root", "ROOT", "--no-pdf", "--out", "TMP/s"], 1),
    "check": (["check", "--root", "ROOT"], 1),
    "codeowners": (["codeowners", "--root", "ROOT", "--check"], 1),
    "deploy htpasswd": (
        ["deploy", "htpasswd", "--root", "ROOT", "--credentials", "TMP/c.yml", "--rounds", "4"],
        0,
    ),
    "deploy nginx": (["deploy", "nginx", "--root", "ROOT", "--site", "TMP/none"], 1),
    "freeze": (["freeze", "--root", "ROOT"], 0),
    "init": (["init", "TMP/new-portal"], 0),
    "kpi": (["kpi", "--root", "ROOT", "--customer", "huaxin", "--period", "2026-10"], 0),
    "new": (["new", "--root", "ROOT", "--customer", "huaxin", "--period", "2026-11"], 0),
    "pdf": (["pdf", "--root", "ROOT", "--site", "TMP/site"], 0),
    "plan": (["plan", "--root", "ROOT", "--today", "2026-11-28"], 1),
    "verify": (["verify", "TMP/c.yml"], 1),
}


@pytest.mark.parametrize("name", sorted(JSON_RUNS))
def test_json_output_parses(name: str, tmp_portal: Callable[..., Path], scratch: Path) -> None:
    files = {"reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": BAD_REPORT}
    root = tmp_portal(files if name in ("build", "check") else None, with_data=name == "kpi")
    (scratch / "c.yml").write_text(CREDENTIALS, encoding="utf-8")
    args, status = JSON_RUNS[name]
    result = invoke([*args, "--format", "json"], root, scratch)
    assert result.exit_code == status, result.output
    data = json.loads(result.stdout)
    if name == "plan":
        assert set(data) == {"today", "days", "items", "due_soon", "issues"}
    elif name == "kpi":
        assert {"id", "value", "state", "issue"} <= set(data[0])
    else:
        assert isinstance(data, list) and bool(data) == (status == 1)
        assert all({"file", "line", "code", "message", "severity"} <= set(row) for row in data)


def annotations(result: Result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("::")]


def test_github_issues_are_annotations(tmp_portal: Callable[..., Path], scratch: Path) -> None:
    bad = tmp_portal({"reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": BAD_REPORT})
    for args in (["check"], ["build", "--no-pdf", "--out", str(scratch / "s")]):
        result = CliRunner().invoke(cli, [*args, "--root", str(bad), "--format", "github"])
        assert result.exit_code == 1
        assert result.stdout.splitlines() == annotations(result) != []
        rel = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
        assert f"::error file={rel},line=5,title=R006 period::" in result.stdout
    stale = CliRunner().invoke(
        cli, ["codeowners", "--root", str(bad), "--check", "--format", "github"]
    )
    assert stale.exit_code == 1 and annotations(stale)[0].startswith("::error file=CODEOWNERS")


def test_new_prints_its_issues_as_annotations(
    tmp_portal: Callable[..., Path], scratch: Path
) -> None:
    root = tmp_portal()
    args = ["new", "--root", str(root), "--customer", "huaxin", "--period", "2026-11",
            "--number", "SR-HUAXIN-2026-11-01"]  # fmt: skip
    assert CliRunner().invoke(cli, args).exit_code == 0
    again = CliRunner().invoke(cli, [*args, "--format", "github"])
    assert again.exit_code == 1  # the file exists: never overwritten
    assert annotations(again)[0].startswith("::error file=reports/huaxin/2026/")
    assert "title=N004 number::" in again.stdout


def test_plan_and_kpi_github_is_the_text_then_annotations(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(with_data=True)
    calendars = root / "data/calendars.yml"
    calendars.write_text(
        calendars.read_text("utf-8").replace('start: "09:00"', 'start: "9h"'), "utf-8"
    )
    plan = CliRunner().invoke(cli, ["plan", "--root", str(root), "--format", "github"])
    text = CliRunner().invoke(cli, ["plan", "--root", str(root)])
    assert plan.exit_code == text.exit_code == 1
    assert plan.stdout.startswith(text.stdout)
    assert annotations(plan)[0].startswith("::error file=data/calendars.yml,line=4,")
    export = root / "data/exports/huaxin/availability.csv"
    export.write_text(export.read_text("utf-8") + "2026-10-32,核心账务系统,0,453\n", "utf-8")
    args = ["kpi", "--root", str(root), "--customer", "huaxin", "--period", "2026-10"]
    kpi = CliRunner().invoke(cli, [*args, "--format", "github"])
    table = CliRunner().invoke(cli, args)
    assert kpi.exit_code == table.exit_code == 1
    assert kpi.stdout.startswith(table.stdout)
    assert "::error title=D110 availability.attainment::" in kpi.stdout


def test_kpi_format_table_is_a_deprecated_name_of_text(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(with_data=True)
    args = ["kpi", "--root", str(root), "--customer", "huaxin", "--period", "2026-10"]
    table = CliRunner().invoke(cli, [*args, "--format", "table"])
    text = CliRunner().invoke(cli, [*args, "--format", "text"])
    assert table.exit_code == text.exit_code == 0
    assert table.stdout == text.stdout and "sla.resolution" in text.stdout
    assert "--format table is deprecated; use --format text" in table.stderr
