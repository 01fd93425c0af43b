"""docs/guide/portal.md states the first-pass approval rates the demo portal really shows."""

from __future__ import annotations

from pathlib import Path

from reportal.kpi.process import compute_process_kpis
from reportal.validate.portal import load_portal


def test_the_guide_quotes_the_demo_first_pass_rates(repo_root: Path) -> None:
    portal = load_portal(repo_root)
    guide = (repo_root / "docs/guide/portal.md").read_text(encoding="utf-8")
    for customer in ("huaxin", "dingsheng", None):
        reports = [r for r in portal.reports if customer in (None, r.customer)]
        kpis = compute_process_kpis(customer or "*", [], reports)
        assert kpis.first_pass_rate is not None
        assert f"{kpis.first_pass_rate:.1f} %" in guide
    assert "页面显示“—”，\n不做推测" not in guide  # the old text claimed no data at all
