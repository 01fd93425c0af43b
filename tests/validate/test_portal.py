"""The portal entry point: registered checks, and no exception for any front matter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportal.kpi.checks import VALIDATION_CHECKS, check_portal
from reportal.validate.body import check_body
from reportal.validate.crossrefs import check_crossrefs
from reportal.validate.portal import load_portal

PATH = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
HEAD = "number: SR-HUAXIN-2026-10-01\ntitle: t\ncustomer: huaxin\ncategory: regular\n"


def test_crossrefs_and_body_are_registered() -> None:
    assert VALIDATION_CHECKS[:2] == [check_crossrefs, check_body]


@pytest.mark.parametrize(
    "extra",
    [
        "period: [2026-10]\nauthor: li.na\nstatus: draft\nprepared: 2026-11-01\n",
        "period: {a: b}\nauthor: {x: y}\nstatus: [draft]\nprepared: [1]\n",
        "period: 2026-10-05..2026-10-01\nauthor: li.na\nstatus: draft\nprepared: 2026-11-01\n",
        "period: 2026-10\nauthor: li.na\nstatus: draft\nprepared: 2026-11-01\ntags: x\n",
        "period: 2026-10\nauthor: li.na\nstatus: draft\nprepared: 2026-11-01\ndata_gaps: [x, 1]\n",
        "period: 2026-10\nauthor: li.na\nstatus: draft\nprepared: 2026-11-01\nsupersedes: [a]\n",
        "period: 2026-Q5\nauthor: li.na\nstatus: draft\nprepared: '2026-11-01'\n",
    ],
)
def test_wrong_types_give_issues_not_exceptions(
    extra: str, tmp_portal: Callable[..., Path]
) -> None:
    root = tmp_portal({PATH: f"---\n{HEAD}{extra}---\n"})
    portal = check_portal(root)
    assert portal.reports == []
    assert portal.issues
    assert all(i.file == PATH and i.line and i.code.startswith("R") for i in portal.issues)


def test_not_utf8(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal()
    (root / PATH).parent.mkdir(parents=True)
    (root / PATH).write_bytes("---\ntitle: 华信\n---\n".encode("gb18030"))
    (issue,) = check_portal(root).issues
    assert (issue.file, issue.code) == (PATH, "F007")


def test_demo_portal_loads_every_report(repo_root: Path) -> None:
    portal = load_portal(repo_root)
    files = sorted(
        p.relative_to(repo_root).as_posix() for p in (repo_root / "reports").rglob("*.md")
    )
    assert portal.issues == []
    assert sorted(r.path for r in portal.reports) == files
