"""Reports read once (issue 10, speed): an unchanged report file is taken from the memo, an
edited one is read again, and a file with issues is never kept."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from reportal.validate.portal import load_portal
from reportal.validate.report_memo import MEMO_FILE

ISSUED = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def tamper_title(memo: Path, rel: str, title: str) -> None:
    salt, entries = pickle.loads(memo.read_bytes())
    for key, report in entries.items():
        if report.path == rel:
            entries[key] = replace(report, title=title)
    memo.write_bytes(pickle.dumps((salt, entries)))


def test_an_unchanged_report_comes_from_the_memo_and_an_edited_one_is_read(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(with_demo_reports=True)
    first = load_portal(root)
    memo = root / ".reportal-cache" / MEMO_FILE
    assert memo.is_file() and len(pickle.loads(memo.read_bytes())[1]) == len(first.reports)
    assert load_portal(root).reports == first.reports
    tamper_title(memo, ISSUED, "来自缓存")  # the next read shows where the report came from
    assert next(r for r in load_portal(root).reports if r.path == ISSUED).title == "来自缓存"
    path = root / ISSUED
    path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    reread = next(r for r in load_portal(root).reports if r.path == ISSUED)
    assert reread.title != "来自缓存" and reread.body.endswith("补充。\n")


def test_a_report_with_issues_is_read_every_time_and_a_staged_read_writes_nothing(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(with_demo_reports=True)
    path = root / ISSUED
    path.write_text(
        path.read_text(encoding="utf-8").replace("category: regular", "category: monthly"), "utf-8"
    )
    memo = root / ".reportal-cache" / MEMO_FILE
    staged = load_portal(root, staged=True)
    assert not memo.exists()
    assert any(issue.file == ISSUED for issue in staged.issues)
    load_portal(root)
    kept = {report.path for report in pickle.loads(memo.read_bytes())[1].values()}
    assert ISSUED not in kept and kept
    assert any(issue.file == ISSUED for issue in load_portal(root).issues)
