"""Every check of a portal runs from one entry point (kpi/checks.py), in its documented order."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reportal.issues import Issue, Severity
from reportal.kpi import checks
from reportal.kpi.checks import DATA_CHECKS, VALIDATION_CHECKS, check_all
from reportal.model.portal import Portal

BAD_BODY = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def recorder(name: str, ran: list[str]) -> Callable[[Portal], list[Issue]]:
    def check(portal: Portal) -> list[Issue]:
        ran.append(name)
        return [Issue(name, None, None, "X001", name, severity=Severity.WARNING)]

    return check


def test_every_step_runs_once_in_the_documented_order(
    tmp_portal: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(checks, "VALIDATION_CHECKS", [recorder("validation", ran)])
    monkeypatch.setattr(checks, "DATA_CHECKS", [recorder("data", ran)])
    monkeypatch.setattr(checks, "check_drift", lambda *_: [Issue("drift", None, None, "S010", "")])
    portal = check_all(tmp_portal(), drift=True, later=[recorder("later", ran)])
    assert ran == ["validation", "data", "later"]
    assert [i.file for i in portal.issues] == ["validation", "data", "drift", "later"]


def test_drift_only_when_asked_and_only_without_errors(
    tmp_portal: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(checks, "check_drift", lambda *_: asked.append("drift") or [])
    root = tmp_portal()
    check_all(root)
    assert asked == []  # the build and the plugin do not recompute frozen reports
    check_all(root, drift=True)
    assert asked == ["drift"]
    (root / BAD_BODY).parent.mkdir(parents=True)
    (root / BAD_BODY).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    assert check_all(root, drift=True).issues
    assert asked == ["drift"]


def test_one_list_of_checks_per_layer() -> None:
    names = [check.__module__ for check in VALIDATION_CHECKS + DATA_CHECKS]
    assert names == [
        "reportal.validate.crossrefs",
        "reportal.validate.body",
        "reportal.validate.snapshots",
        "reportal.validate.codeowners",
        "reportal.kpi.data_checks",
        "reportal.kpi.data_checks",
        "reportal.kpi.macro_checks",
    ]
