"""``reportal new`` as a user runs it: a file that ``reportal check`` accepts, never overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPORTAL = Path(sys.executable).parent / "reportal"


def run(*args: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPORTAL_TODAY": "2026-11-28"}
    return subprocess.run(
        [str(REPORTAL), *args, "--root", str(root)], capture_output=True, text=True, env=env
    )


def test_new_report_passes_check_and_is_not_overwritten(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(with_data=True)  # the templates call KPI macros: their sources exist
    created = run("new", "--customer", "huaxin", "--period", "2026-11", root=root)
    assert created.returncode == 0, created.stderr
    path = root / "reports/huaxin/2026/SR-HUAXIN-2026-11-01.md"
    assert "created reports/huaxin/2026/SR-HUAXIN-2026-11-01.md" in created.stdout
    assert "prepared: 2026-11-28" in path.read_text(encoding="utf-8")
    incident = run(
        "new", "--customer", "huaxin", "--period", "2026-11-20..2026-11-21",
        "--category", "incident", root=root,
    )  # fmt: skip
    assert incident.returncode == 0 and "SR-HUAXIN-2026-11-02" in incident.stdout
    check = run("check", root=root)
    assert check.returncode == 0, check.stdout + check.stderr
    path.write_text(path.read_text(encoding="utf-8") + "\n作者已编辑。\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    again = run(
        "new", "--customer", "huaxin", "--period", "2026-11",
        "--number", "SR-HUAXIN-2026-11-01", root=root,
    )  # fmt: skip
    assert again.returncode == 1
    assert "already exists; `reportal new` never overwrites a report" in again.stderr
    assert path.read_text(encoding="utf-8") == before


def test_new_rejects_unknown_customer(tmp_portal: Callable[..., Path]) -> None:
    result = run("new", "--customer", "nobody", "--period", "2026-11", root=tmp_portal())
    assert result.returncode == 2  # an unknown id is a usage error, as in every command
    assert 'customer: unknown customer "nobody"' in result.stderr
    assert "Traceback" not in result.stderr
