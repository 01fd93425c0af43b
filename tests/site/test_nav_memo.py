"""The navigation memo: report pages share one rendering per folder; other pages get none."""

from __future__ import annotations

from types import SimpleNamespace

from reportal.site.nav_memo import NavMemo

REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def page(src_uri: str, url: str) -> object:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_report_pages_of_one_folder_share_a_key_and_other_pages_have_none() -> None:
    memo = NavMemo({REPORT, "reports/huaxin/2026/SR-HUAXIN-2026-11-01.md"})
    first = memo.key(page(REPORT, "reports/huaxin/2026/SR-HUAXIN-2026-10-01/"))  # type: ignore[arg-type]
    second = memo.key(
        page(
            "reports/huaxin/2026/SR-HUAXIN-2026-11-01.md",
            "reports/huaxin/2026/SR-HUAXIN-2026-11-01/",
        )
    )  # type: ignore[arg-type]
    assert first == second == "reports/huaxin/2026/"
    assert memo.key(page("reports/huaxin/index.md", "reports/huaxin/")) is None  # type: ignore[arg-type]
    assert memo.key(None) is None
    assert memo.get(first) is None and memo.keep(first, "<nav/>") == "<nav/>"
    assert memo.get(first) == "<nav/>" and memo.renders == 1


def test_a_memo_turned_off_keys_nothing() -> None:
    memo = NavMemo({REPORT}, enabled=False)
    assert memo.key(page(REPORT, "reports/huaxin/2026/SR-HUAXIN-2026-10-01/")) is None  # type: ignore[arg-type]
