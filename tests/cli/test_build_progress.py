"""`reportal build` says what it is doing, stage by stage, and ends with counts and times."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from reportal.cli.progress import BuildProgress

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"


class Edition:
    def __init__(self, out_rel: str) -> None:
        self.out_rel = out_rel


def fake_clock(*times: float) -> Callable[[], float]:
    values = iter(times)
    return lambda: next(values)


def edition_dir(root: Path, pages: int, pdfs: int) -> Path:
    for n in range(pages):
        page = root / "reports" / f"r{n}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
        if n < pdfs:
            (page.parent / f"r{n}.pdf").write_bytes(b"%PDF-")
    return root


def test_stage_lines_and_summary(tmp_path: Path) -> None:
    out = io.StringIO()
    #                    start check build pdf(a)  pdf(b)  summary
    clock = fake_clock(0.0, 0.5, 0.5, 10.5, 14.5, 16.5, 17.0)
    progress = BuildProgress(stream=out, clock=clock)
    progress.checked(28)
    progress.building(["provider", "customers/a"])
    hook = progress.after_build(lambda path, edition: [])
    hook(edition_dir(tmp_path / "p", 3, 2), Edition("provider"))
    hook(edition_dir(tmp_path / "a", 2, 1), Edition("customers/a"))
    assert out.getvalue().splitlines() == [
        "reportal: checked 28 reports in 0.5 s",
        "reportal: building 2 editions: provider, customers/a",
        "reportal: built the editions in 10.0 s",
        "reportal: PDFs of provider (3 pages) …",
        "reportal: PDFs of provider: 2 in 4.0 s",
        "reportal: PDFs of customers/a (2 pages) …",
        "reportal: PDFs of customers/a: 1 in 2.0 s",
    ]
    assert progress.summary(["provider", "customers/a"]) == (
        "✓ published 2 editions (5 pages, 3 PDFs) in 17.0 s (check 0.5 s, build 10.0 s, "
        "pdf 6.0 s, scan and publish 0.5 s): provider, customers/a"
    )


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    out = io.StringIO()
    progress = BuildProgress(quiet=True, stream=out)
    progress.checked(1)
    progress.after_build(None)(edition_dir(tmp_path, 1, 0), Edition("provider"))
    assert out.getvalue() == ""
    assert "(1 page)" in progress.summary(["provider"])


def test_build_without_pdfs_reports_its_stages(tmp_path: Path) -> None:
    root = tmp_path / "portal"
    shutil.copytree(FIXTURE, root)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    result = subprocess.run(
        [str(REPORTAL), "build", "--root", str(root), "--out", str(tmp_path / "site"),
         "--no-pdf", "--edition", "provider"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"reportal: checked \d+ reports in \d+\.\d s", lines[0])
    assert "reportal: building 1 edition: provider" in lines
    assert any(re.fullmatch(r"reportal: built the editions in \d+\.\d s", line) for line in lines)
    summary = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"✓ published 1 edition \(\d+ pages\) in \d+\.\d s \(check \d+\.\d s, build \d+\.\d s, "
        r"scan and publish \d+\.\d s\): provider",
        summary,
    ), summary
