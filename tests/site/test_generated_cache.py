"""Generated pages in the page cache (issue 10, speed): a listing, dashboard, register or plan
page is converted again only when its Markdown, its meta or the build's file set changed; a
build from the cache writes the same site, and says every warning a build without it says.

Real ``mkdocs build --strict`` runs of a tmp portal. Its ``hooks.py`` stands for a plugin of
the portal's own: it can drop a file from the build after Reportal added it (``TEST_GONE``) and
add a line to one page's Markdown (``TEST_LINK="src_uri|markdown"``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_serve_errors import serve_and_save

from site_builds import (
    Build,
    make_portal,
    report_file,
    report_path,
    stats_build,
)

ISSUED, DRAFT = "SR-HUAXIN-2026-10-01", "SR-HUAXIN-2026-11-01"
DRAFT_FIELDS = {"status": "draft", "approved_on": "", "issued": ""}
YEAR_LISTING = "reports/huaxin/2026/index.html"
HOOK = """
import os
from mkdocs.plugins import event_priority


@event_priority(-50)  # after the reportal plugin added its pages
def on_files(files, config):
    gone = files.get_file_from_path(os.environ.get("TEST_GONE", ""))
    if gone is not None:
        files.remove(gone)
    return files


def on_page_markdown(markdown, page, **kwargs):
    uri, _, line = os.environ.get("TEST_LINK", "|").partition("|")
    return markdown + "\\n\\n" + line + "\\n" if page.file.src_uri == uri else markdown
"""
EXTRA_CONFIG = "hooks: [hooks.py]\nvalidation: {anchors: warn}\n"
INDEX_WITH_ANCHOR = "# 首页\n\n## 锚点 {#kept}\n\n正文。\n"


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORTAL_TODAY", "2026-12-01")  # the plan page's today
    monkeypatch.delenv("REPORTAL_CACHE_DIR", raising=False)
    monkeypatch.delenv("REPORTAL_NO_PAGE_CACHE", raising=False)
    files = {
        report_path(ISSUED): report_file(ISSUED),
        report_path(DRAFT): report_file(DRAFT, **DRAFT_FIELDS),
        "docs/index.md": INDEX_WITH_ANCHOR,
        "hooks.py": HOOK,
    }
    config = make_portal(tmp_path / "portal", files)
    config.write_text(config.read_text(encoding="utf-8") + EXTRA_CONFIG, encoding="utf-8")
    return config


def build(
    config: Path, name: str, monkeypatch: pytest.MonkeyPatch, **env: str
) -> tuple[Build, dict[str, int]]:
    return stats_build(config, name, monkeypatch, **env)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the register workbook (its zip entries carry the time
    it was written)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".xlsx"
    }


def test_a_build_with_nothing_changed_converts_no_generated_page(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain, plain_stats = build(portal, "plain", monkeypatch, REPORTAL_NO_PAGE_CACHE="1")
    assert plain.returncode == 0, plain.log[-3000:]
    assert plain_stats["generated_cached"] == 0
    assert not (portal.parent / ".reportal-cache/generated").exists()
    first, first_stats = build(portal, "first", monkeypatch)
    assert first.returncode == 0, first.log[-3000:]
    converted = first_stats["generated_converted"]
    assert converted >= 10  # listings, dashboards, register, plan, process, actions
    assert first_stats["generated_cached"] == 0
    second, second_stats = build(portal, "second", monkeypatch)
    assert second.returncode == 0, second.log[-3000:]
    assert second_stats["generated_converted"] == 0
    assert second_stats["generated_cached"] == converted
    assert tree(second.site) == tree(plain.site)  # search index included


def test_a_changed_title_or_status_changes_the_listings(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = build(portal, "first", monkeypatch)
    assert first.returncode == 0, first.log[-3000:]
    assert "huaxin 2026 年 11 月报告" in first.page(YEAR_LISTING)
    path = portal.parent / report_path(DRAFT)
    changed = report_file(DRAFT, title='"改名后的草稿"', **{**DRAFT_FIELDS, "status": "review"})
    path.write_text(changed, encoding="utf-8")
    second, stats = build(portal, "second", monkeypatch)
    assert second.returncode == 0, second.log[-3000:]
    listing = second.page(YEAR_LISTING)
    assert "改名后的草稿" in listing and "huaxin 2026 年 11 月报告" not in listing
    assert listing.count("审核中") > first.page(YEAR_LISTING).count("审核中")
    assert stats["generated_converted"] > 0 and stats["generated_cached"] > 0


def test_a_link_to_a_page_that_is_gone_is_reported_again(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("first", "second"):
        done, stats = build(portal, name, monkeypatch)
        assert done.returncode == 0, done.log[-3000:]
    assert stats["generated_converted"] == 0
    gone, _ = build(portal, "gone", monkeypatch, TEST_GONE=report_path(ISSUED))
    assert gone.returncode != 0
    assert (
        f"Doc file 'reports/huaxin/2026/index.md' contains a link '{ISSUED}.md', "
        f"but the target '{report_path(ISSUED)}' is not found among documentation files."
    ) in gone.log


def test_a_link_to_an_anchor_that_is_gone_is_reported_again(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = "reports/index.md|[首页的锚点](../index.md#kept)"
    for name in ("first", "second"):
        done, stats = build(portal, name, monkeypatch, TEST_LINK=link)
        assert done.returncode == 0, done.log[-3000:]
    assert stats["generated_converted"] == 0
    (portal.parent / "docs/index.md").write_text("# 首页\n\n正文。\n", encoding="utf-8")
    gone, stats = build(portal, "gone", monkeypatch, TEST_LINK=link)
    assert stats["generated_converted"] == 0  # the listing came from the cache
    assert gone.returncode != 0
    assert (
        "Doc file 'reports/index.md' contains a link '../index.md#kept', "
        "but the doc 'index.md' does not contain an anchor '#kept'."
    ) in gone.log


def test_a_page_whose_conversion_warned_is_not_kept(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = "dashboard/index.md|[缺少的页面](missing.md)"
    warning = "Doc file 'dashboard/index.md' contains a link 'missing.md', but the target"
    for name in ("first", "second"):
        done, stats = build(portal, name, monkeypatch, TEST_LINK=link)
        assert done.returncode != 0 and warning in done.log, name
    assert stats["generated_converted"] == 1  # that page only: the others came from the cache


def test_a_serve_rebuild_converts_only_the_pages_that_changed(portal: Path) -> None:
    """``mkdocs serve`` keeps the plugin between builds: the rebuild after a save takes the
    unchanged generated pages from the cache and converts the listings the save changed."""
    changed = report_file(DRAFT, title='"保存后的新标题"', **DRAFT_FIELDS)
    source = portal.parent / report_path(DRAFT)
    before = "huaxin 2026 年 11 月报告"
    first, rebuilt = serve_and_save(portal, YEAR_LISTING, before, source, changed, "保存后的新标题")
    assert first["generated_cached"] == 0 and first["generated_converted"] >= 10
    assert 0 < rebuilt["generated_converted"] < first["generated_converted"]
    assert (
        rebuilt["generated_cached"] + rebuilt["generated_converted"]
        == (first["generated_converted"])
    )
