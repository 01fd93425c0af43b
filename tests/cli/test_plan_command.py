"""`reportal plan`: plan states on a pinned day, what is due soon, text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from reportal.cli.main import cli


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["plan", *args])
    return result.exit_code, result.output


def test_plan_json_on_a_pinned_day(repo_root: Path) -> None:
    code, out = _run("--root", str(repo_root), "--today", "2026-11-28", "--format", "json",
                     "--customer", "huaxin", "--days", "14")  # fmt: skip
    data = json.loads(out)
    assert data["today"] == "2026-11-28"
    items = {(i["entry"], i["period"]): i for i in data["items"]}
    assert {i["customer"] for i in data["items"]} == {"huaxin"}
    february = items[("monthly", "2026-02")]
    assert (february["due"], february["state"], february["report"]) == (
        "2026-03-06", "late", "SR-HUAXIN-2026-02-01",
    )  # fmt: skip
    november = items[("monthly", "2026-11")]
    assert (november["due"], november["state"]) == ("2026-12-07", "not_due")
    assert [(i["period"], i["state"]) for i in data["due_soon"]] == [("2026-11", "not_due")]
    assert code == 0


def test_plan_text_and_exit_code_when_overdue(repo_root: Path) -> None:
    # On 2026-12-08 the November report (still a draft) is one day overdue.
    code, out = _run("--root", str(repo_root), "--today", "2026-12-08", "--customer", "huaxin",
                     "--days", "0")  # fmt: skip
    assert "Report plan on 2026-12-08" in out
    assert "due 2026-12-07" in out and "overdue (已逾期)" in out
    assert "Due within 0 days or overdue: 1" in out
    assert code == 1


def test_plan_rejects_an_unknown_customer(repo_root: Path) -> None:
    code, out = _run("--root", str(repo_root), "--customer", "acme")
    assert code == 2
    assert "unknown customer 'acme' (known: huaxin, dingsheng)" in out


def test_plan_reports_a_bad_due_rule_with_its_line(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal()
    plan = root / "data/plan.yml"
    plan.write_text(
        plan.read_text("utf-8").replace("rule: working_day", "rule: working_days", 1), "utf-8"
    )
    result = CliRunner().invoke(cli, ["plan", "--root", str(root), "--today", "2026-11-28"])
    assert result.exit_code == 1
    line = next(
        n
        for n, text in enumerate(plan.read_text("utf-8").splitlines(), 1)
        if "working_days" in text
    )
    assert f"data/plan.yml:{line}:" in result.output
    assert "working_days" in result.output
