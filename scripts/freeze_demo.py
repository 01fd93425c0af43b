"""Freeze the demo portal's issued reports with the figures they were issued with.

Every approved report is frozen from today's exports (as `reportal freeze` does), except
SR-HUAXIN-2026-03-01: it was issued on 2026-04-07, before the 2026-03-09 outage of 核心账务系统
(52 minutes) was back-filled into data/exports/huaxin/availability.csv and corrected by
SR-HUAXIN-2026-03-02. It is frozen from a copy of the portal whose availability export reads as
it stood then (no downtime that day), so the demo shows what "the March report as issued" means.
Snapshots that exist are kept. Run after changing the demo reports or data on purpose.

Usage: python scripts/freeze_demo.py [--root .]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from reportal.issues import render_text
from reportal.kpi.checks import check_all, report_content
from reportal.kpi.freeze import freeze_reports
from reportal.model.snapshot import snapshot_path

AS_ISSUED = "SR-HUAXIN-2026-03-01"
BACKFILLED_ROW = ("2026-03-09", "核心账务系统")  # date and system of the back-filled outage
AVAILABILITY = "data/exports/huaxin/availability.csv"


def freeze(root: Path, numbers: frozenset[str] = frozenset()) -> list[str]:
    portal = check_all(root)
    errors = [render_text(i) for i in portal.issues if i.is_error]
    if errors:
        raise SystemExit("\n".join(errors))
    written, issues = freeze_reports(report_content(portal), numbers)
    if any(issue.is_error for issue in issues):
        raise SystemExit("\n".join(render_text(i) for i in issues))
    for rel, text in written.items():
        (root / rel).write_text(text, encoding="utf-8")
    return sorted(written)


def freeze_as_issued(root: Path) -> list[str]:
    """Freeze AS_ISSUED from a copy whose availability export lacks the back-filled outage."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "portal"
        for name in ("reportal.yml", "data", "reports"):
            source = root / name
            copy_name = copy / name
            if source.is_dir():
                shutil.copytree(source, copy_name)
            else:
                copy_name.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy_name)
        _remove_outage(copy / AVAILABILITY)
        written = freeze(copy, frozenset({AS_ISSUED}))
        for rel in written:
            shutil.copyfile(copy / rel, root / rel)
        return written


def _remove_outage(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        cells = line.split(",")
        if tuple(cells[:2]) == BACKFILLED_ROW:
            cells[2] = "0"
            lines[index] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", type=Path, default=Path())
    root = parser.parse_args().root.resolve()
    written = []
    if not (root / snapshot_path(f"reports/huaxin/2026/{AS_ISSUED}.md")).is_file():
        written += freeze_as_issued(root)
    written += freeze(root)
    print("\n".join(f"froze {rel}" for rel in written) or "every issued report is frozen")


if __name__ == "__main__":
    main()
