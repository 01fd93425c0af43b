"""Exports over the size limits, xlsx zip bombs and broken workbooks are Issues, read no XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from test_loading import issues_of, portal

from reportal.kpi.loading import limits

SOURCES = (
    "dingsheng:\n"
    '  surveys:\n    path: exports/dingsheng/s.xlsx\n    date_format: "%Y-%m-%d"\n'
    "    columns: {日期: date, 渠道: channel, 评分: score}\n"
)


def survey_portal(tmp_path: Path, repo_root: Path) -> Path:
    root = portal(tmp_path, repo_root, {"data/sources.yml": SOURCES})
    (root / "data/exports/dingsheng").mkdir(parents=True)
    pd.DataFrame({"日期": ["2026-04-01"], "渠道": ["电话回访"], "评分": [5]}).to_excel(
        root / "data/exports/dingsheng/s.xlsx", index=False
    )
    return root


def test_a_sound_workbook_passes(tmp_path: Path, repo_root: Path) -> None:
    assert issues_of(survey_portal(tmp_path, repo_root)) == []


def test_a_member_expanding_a_thousand_times_is_refused(tmp_path: Path, repo_root: Path) -> None:
    root = survey_portal(tmp_path, repo_root)
    with zipfile.ZipFile(root / "data/exports/dingsheng/s.xlsx", "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/media/pad.bin", b"\0" * (20 * 1024 * 1024))
    [issue] = issues_of(root)
    assert issue.startswith("data/exports/dingsheng/s.xlsx:1: xl/media/pad.bin expands 1,0")
    assert "zip bomb [D106]" in issue


def test_a_workbook_expanding_past_the_limit_is_refused(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_EXPANDED_BYTES", 1000)
    [issue] = issues_of(survey_portal(tmp_path, repo_root))
    assert "of XML; the limit is 0.0 MiB [D106]" in issue


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_EXPORT_BYTES", 100)
    [issue] = issues_of(survey_portal(tmp_path, repo_root))
    assert issue.startswith("data/exports/dingsheng/s.xlsx:1: the file is ")
    assert "[D106]" in issue


def test_an_xlsx_that_is_no_zip_is_an_issue(tmp_path: Path, repo_root: Path) -> None:
    root = survey_portal(tmp_path, repo_root)
    (root / "data/exports/dingsheng/s.xlsx").write_text("日期,渠道,评分\n", "utf-8")
    [issue] = issues_of(root)
    assert issue.startswith("data/exports/dingsheng/s.xlsx:1: not an xlsx workbook")


def test_a_workbook_with_a_broken_sheet_is_an_issue_not_a_crash(
    tmp_path: Path, repo_root: Path
) -> None:
    """A sound zip whose sheet points at a shared string that is not there (a workbook cut or
    edited by hand): the reader's own error becomes the file's D102 issue."""
    root = survey_portal(tmp_path, repo_root)
    path = root / "data/exports/dingsheng/s.xlsx"
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    members["xl/worksheets/sheet1.xml"] = (
        b"<worksheet><sheetData><row><c r='A1' t='s'><v>99</v></c></row></sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)
    [issue] = issues_of(root)
    assert issue.startswith("data/exports/dingsheng/s.xlsx:1: cannot read the file: ")
    assert issue.endswith("[D102]")
