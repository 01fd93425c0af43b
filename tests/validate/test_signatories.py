"""Three signatories: the customer's sign-off settings decide what a report needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportal.kpi.checks import check_portal

REPORT = """---
number: SR-{code}-2026-10-01
title: 报告
customer: {customer}
period: 2026-10
category: regular
author: {author}
{reviewer}approver: {approver}
status: {status}
prepared: 2026-11-03
approved_on: 2026-11-05
issued: 2026-11-06
---

# 正文
"""


def report(customer: str = "huaxin", reviewer: str | None = None, **kw: str) -> dict[str, str]:
    code = customer.upper()
    author = kw.get("author", "li.na" if customer == "huaxin" else "zhao.lei")
    text = REPORT.format(
        code=code,
        customer=customer,
        author=author,
        reviewer=f"reviewer: {reviewer}\n" if reviewer else "",
        approver=kw.get("approver", "wang.qiang"),
        status=kw.get("status", "approved"),
    )
    return {f"reports/{customer}/2026/SR-{code}-2026-10-01.md": text}


def with_settings(root: Path, customer: str, settings: str) -> None:
    path = root / "data/customers.yml"
    text = path.read_text(encoding="utf-8")
    marker = f"{customer}:\n"
    path.write_text(text.replace(marker, f"{marker}  settings: {settings}\n", 1), "utf-8")


def codes(root: Path) -> list[str]:
    issues = check_portal(root).issues
    return sorted(i.code for i in issues if i.file.startswith("reports/") and i.code[0] == "X")


def test_reviewer_may_approve_where_the_customer_allows_it(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(report(reviewer="wang.qiang"))
    assert codes(root) == ["X016"]
    with_settings(root, "huaxin", "{reviewer_may_approve: true}")
    assert codes(root) == []


def test_three_signatories_need_a_reviewer_from_the_day_given(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(report())
    assert codes(root) == []  # two signatories (the default): no reviewer needed
    with_settings(root, "huaxin", "{signatories: 3}")
    assert codes(root) == ["X017"]
    with_settings(root, "huaxin", "{signatories: 3, signatories_since: 2026-12-01}")
    assert codes(root) == []  # approved before the three-signatory rule began: kept as issued


def test_a_draft_needs_no_reviewer_yet(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(report(customer="dingsheng", approver="sun.li", status="draft"))
    text = next((root / "reports").rglob("*.md")).read_text("utf-8")
    draft = text.replace("approved_on: 2026-11-05\nissued: 2026-11-06\n", "")
    next((root / "reports").rglob("*.md")).write_text(draft, "utf-8")
    assert codes(root) == []
    review = draft.replace("status: draft", "status: review")
    next((root / "reports").rglob("*.md")).write_text(review, "utf-8")
    assert codes(root) == ["X017"]  # the demo's dingsheng signs off by three from 2026-12-01


def test_sign_off_settings_are_validated(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(report())
    with_settings(root, "huaxin", "{signatories: 4, reviewer_may_approve: yes}")
    issues = [i for i in check_portal(root).issues if i.file == "data/customers.yml"]
    assert sorted((i.field, i.code) for i in issues) == [
        ("huaxin.settings.reviewer_may_approve", "R005"),
        ("huaxin.settings.signatories", "R003"),
    ]
