"""Acceptance (issue 10): an issued report's page and PDF never change with the exports; the
build reads each export once and a rebuild with nothing changed computes no KPI.

Real builds: `reportal build` (subprocess, PDFs through Debian Chromium) of a copy of the demo
portal with two huaxin reports, and in-process MkDocs builds for the counting tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import reportal.kpi.shared as shared_module
import reportal.kpi.source_store as store_module
from reportal.kpi.snapshots import ReportContent

REPO = Path(__file__).resolve().parents[2]
REPORTAL = Path(sys.executable).parent / "reportal"
ISSUED = "SR-HUAXIN-2026-09-01"
AMENDMENT = "SR-HUAXIN-2026-09-02"
KEEP = (f"reports/huaxin/2026/{ISSUED}.md", "reports/huaxin/2026/SR-HUAXIN-2026-08-01.md")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "REPORTAL_TODAY": "2026-12-01"}
ENV.pop("REPORTAL_CACHE_DIR", None)


def demo_copy(root: Path, keep: tuple[str, ...] = KEEP) -> Path:
    """The demo portal (config, docs, data, macros) with only the reports in ``keep``."""
    root.mkdir(parents=True)
    for name in ("mkdocs.yml", "reportal.yml", "docs", "data", "macros"):
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("dev"))
        else:
            shutil.copy2(source, target)
    for rel in keep:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, root / rel)
    return root


def reportal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args, "--root", str(root)],
        capture_output=True, text=True, env=ENV, timeout=900, check=False,
    )  # fmt: skip


def built(out: Path, number: str) -> tuple[bytes, bytes]:
    page = out / f"provider/reports/huaxin/2026/{number}/index.html"
    pdf = next((out / "provider").rglob(f"{number}.pdf"))
    return page.read_bytes(), pdf.read_bytes()


def set_september_scores(root: Path, score: str) -> None:
    path = root / "data/exports/huaxin/surveys.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        cells = line.split(",")
        if cells[0].startswith("2026-09"):
            cells[3] = score
            lines[index] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")


def september_on_dashboard(out: Path) -> str:
    """The satisfaction (分) cell of the 2026-09 row on huaxin's dashboard."""
    html = (out / "provider/dashboard/huaxin/index.html").read_text(encoding="utf-8")
    cells = re.findall(r"<td>2026-09</td>\s*<td>([^<]*分)</td>", html)
    assert len(cells) == 1, cells
    return str(cells[0])


def approve(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: draft\n", "status: approved\napproved_on: 2026-12-01\n"
                        "issued: 2026-12-01\n")  # fmt: skip
    reason = text.split("amendment_reason: ", 1)[1].split("\n", 1)[0]
    text = text.replace(reason, '"9 月回访评分经复核更正"')
    text = re.sub(r"（待填写：[^）]*）", "9 月回访评分经复核更正，满意度一节的数字随之更新。", text)
    path.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_an_issued_report_keeps_its_page_and_pdf_when_its_exports_change(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "portal")
    first = reportal(root, "build", "--freeze", "--edition", "provider", "--out",
                     str(tmp_path / "one"))  # fmt: skip
    assert first.returncode == 0, first.stdout + first.stderr
    assert (root / f"reports/huaxin/2026/{ISSUED}.snapshot.json").is_file()  # CI: build --freeze
    page, pdf = built(tmp_path / "one", ISSUED)
    assert "4.24" in page.decode("utf-8")
    record = json.loads((tmp_path / "one/provider/.reportal-build.json").read_text("utf-8"))
    entry = next(r for r in record["reports"] if r["number"] == ISSUED)
    exports = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (root / "data/exports/huaxin").iterdir()
    }
    assert entry["exports"] == dict(sorted(exports.items()))
    assert len(entry["snapshot_sha256"]) == 64
    set_september_scores(root, "5")
    second = reportal(root, "build", "--edition", "provider", "--out", str(tmp_path / "two"))
    assert second.returncode == 0, second.stdout + second.stderr
    assert built(tmp_path / "two", ISSUED) == (page, pdf)  # byte for byte
    assert september_on_dashboard(tmp_path / "two") == "4.24 分"  # the point agrees with the report
    check = reportal(root, "check")
    assert check.returncode == 0, check.stdout
    assert "S010" in check.stdout and "csat.mean: 4.24 分 -> 5.00 分" in check.stdout
    # the amendment: started from the issued report, approved, frozen, shows the new figures
    assert reportal(root, "new", "--amend", ISSUED).returncode == 0
    approve(root / f"reports/huaxin/2026/{AMENDMENT}.md")
    frozen = reportal(root, "freeze")
    assert frozen.returncode == 0 and AMENDMENT in frozen.stdout, frozen.stdout + frozen.stderr
    third = reportal(root, "build", "--edition", "provider", "--out", str(tmp_path / "three"))
    assert third.returncode == 0, third.stdout + third.stderr
    amended_page, _ = built(tmp_path / "three", AMENDMENT)
    assert "5.00" in amended_page.decode("utf-8")
    old_page, old_pdf = built(tmp_path / "three", ISSUED)
    assert "4.24" in old_page.decode("utf-8") and old_pdf.startswith(b"%PDF")
    assert september_on_dashboard(tmp_path / "three") == "5.00 分"  # the amendment's figure
    assert "S010" not in reportal(root, "check").stdout  # amended: no drift left to report


def build_in_process(root: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """One MkDocs build of the provider edition in this process; returns the reportal plugin."""
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site))
    mkdocs_build(config)
    return config.plugins["reportal"]


@pytest.mark.slow
def test_a_build_reads_each_export_once_and_a_rebuild_computes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_copy(tmp_path / "portal", keep=tuple(
        p.relative_to(REPO).as_posix() for p in sorted((REPO / "reports").rglob("*.md"))
    ))  # fmt: skip
    monkeypatch.setenv("REPORTAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("REPORTAL_TODAY", "2026-12-01")
    monkeypatch.setattr(shared_module, "_SHARED", {})
    reads: Counter[str] = Counter()
    load_file = store_module.load_file

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        reads[path.relative_to(root).as_posix()] += 1
        return load_file(path, *args, **kwargs)

    monkeypatch.setattr(store_module, "load_file", counting)
    plugin = build_in_process(root, tmp_path / "site1", monkeypatch)
    exports = sorted(p.relative_to(root).as_posix() for p in (root / "data/exports").rglob("*.*"))
    assert sorted(reads) == exports and set(reads.values()) == {1}
    content: ReportContent = plugin.content
    assert content.kpis_computed > 0 and content.computed > 0  # drafts render live
    # `mkdocs serve` rebuild (same process) and a new build (new process: empty memory)
    for fresh in (False, True):
        if fresh:
            monkeypatch.setattr(shared_module, "_SHARED", {})
        reads.clear()
        again = build_in_process(root, tmp_path / f"site-{fresh}", monkeypatch)
        assert (again.content.kpis_computed, again.content.computed) == (0, 0)
        assert sum(reads.values()) == 0  # loaded tables come from memory or the disk cache
        for page in (tmp_path / "site1").rglob("index.html"):
            rel = page.relative_to(tmp_path / "site1")
            assert (tmp_path / f"site-{fresh}" / rel).read_bytes() == page.read_bytes(), rel
