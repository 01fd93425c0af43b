"""`reportal check --format github` in a pull request: an approved report whose approver (or
reviewer) is not one of that customer's approvers (reviewers) is an annotation on its line.
(The approver check existed before the reviewer; this pins both as a pull request sees them.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from reportal.cli.main import cli

APPROVED = """---
number: SR-HUAXIN-2026-10-01
title: 华信银行 2026 年 10 月 IT 运维服务报告
customer: huaxin
period: 2026-10
category: regular
author: li.na
reviewer: chen.jie
approver: zhao.lei
status: approved
prepared: 2026-11-03
approved_on: 2026-11-05
issued: 2026-11-06
---

# 正文
"""


def test_an_approver_without_the_role_is_a_pull_request_annotation(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal({"reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": APPROVED})
    args = ["check", "--root", str(root), "--format", "github"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert len(lines) == 2, result.stdout
    where = "::error file=reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
    reviewer, approver = lines
    assert reviewer.startswith(f"{where},line=8,title=X003 reviewer::")
    assert '"chen.jie" does not hold the reviewer role' in reviewer
    assert "reviewers for huaxin: liu.yang, wang.qiang" in reviewer
    assert approver.startswith(f"{where},line=9,title=X003 approver::")
    assert '"zhao.lei" does not hold the approver role for customer "huaxin"' in approver
    assert "approvers for huaxin: sun.li, wang.qiang" in approver
