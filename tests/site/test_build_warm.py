"""`reportal build` warms the caches before it builds (kpi/warm.py: on both cores, or in the
parent alone when the exports are small), and its build worker, started ahead (site/builder.py
``BuildWorkers``), then computes nothing again, nor imports pandas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_snapshot_build import demo_copy

from reportal.cli.main import cli
from reportal.kpi import warm
from reportal.kpi.checks import check_portal


@pytest.mark.parametrize(
    ("min_bytes", "processes"),
    [(0, 2), (warm.MIN_EXPORT_BYTES, 1)],  # split however small; the demo's size: the parent
)
def test_the_worker_renders_live_reports_from_the_warmed_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, min_bytes: int, processes: int
) -> None:
    monkeypatch.setattr(warm, "MIN_EXPORT_BYTES", min_bytes)  # the demo's exports are small
    stats = tmp_path / "stats.jsonl"
    monkeypatch.setenv("REPORTAL_STATS", str(stats))
    root = demo_copy(tmp_path / "portal")
    args = ["build", "--root", str(root), "--no-pdf", "--edition", "provider"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in stats.read_text("utf-8").splitlines()]
    warmed = [row for row in rows if row["edition"] == "warm"]
    built = [row for row in rows if row["edition"] == "provider"]
    portal = check_portal(root)
    live = [r for r in portal.reports if portal.frozen(r) is None]
    assert len(warmed) == processes and sum(row["snapshots"] for row in warmed) == len(live) > 0
    assert len(built) == 1 and built[0]["kpis"] == built[0]["snapshots"] == 0  # all found
    assert built[0]["pandas_imported"] is False  # its memory: lazy_modules.py
    assert built[0]["pages_spilled"] > 0  # and site/page_spill.py
    assert (tmp_path / "site/provider/index.html").is_file()


def site_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_data_error_found_while_the_editions_build_publishes_nothing(tmp_path: Path) -> None:
    """The data checks run while the workers build (cli/build.py): their error stops the
    workers, and the published site stays as it was."""
    root, site = demo_copy(tmp_path / "portal"), tmp_path / "site"
    args = ["build", "--root", str(root), "--no-pdf", "--edition", "provider", "--out", str(site)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    before = site_bytes(site)
    export = root / "data/exports/huaxin/availability.csv"
    export.write_text(export.read_text("utf-8") + "2026-10-32,核心账务系统,0,453\n", "utf-8")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "D110" in result.output and "nothing was published" in result.output
    assert site_bytes(site) == before
    assert list(tmp_path.glob(".site.tmp-*")) == []
