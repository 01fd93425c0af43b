"""The page cache (issue 10, speed): an issued report's converted page is reused by the next
build only when nothing that made it changed, and a build from the cache writes the same bytes
as a build without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from test_snapshot_build import ENV, ISSUED, REPO, demo_copy

from reportal.site.page_cache import CachedPage, PageCache, markdown_stamp, skip_render

REPORTAL = Path(sys.executable).parent / "reportal"


def build(root: Path, out: Path, stats: Path, **env: str) -> dict[str, int]:
    # the HTML cache off: every page's template renders, from the page cache; no prefill
    # (site/prefill.py: what it keeps before the build gets there varies, test_prefill.py)
    result = subprocess.run(
        [str(REPORTAL), "build", "--root", str(root), "--no-pdf", "--edition", "provider",
         "--out", str(out)],
        capture_output=True, text=True, timeout=900, check=False,
        env={**ENV, "REPORTAL_STATS": str(stats), "REPORTAL_NO_HTML_CACHE": "1",
             "REPORTAL_NO_PREFILL": "1", **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(stats.read_text(encoding="utf-8").splitlines()[-1])  # type: ignore[no-any-return]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
def test_issued_pages_come_from_the_cache_and_the_site_is_the_same(tmp_path: Path) -> None:
    root = demo_copy(tmp_path / "portal")
    frozen = subprocess.run(
        [str(REPORTAL), "freeze", "--root", str(root)],
        capture_output=True, text=True, env=ENV, timeout=900, check=False,
    )  # fmt: skip
    assert frozen.returncode == 0, frozen.stdout + frozen.stderr
    stats = tmp_path / "stats.jsonl"
    uncached = build(root, tmp_path / "uncached", stats, REPORTAL_NO_PAGE_CACHE="1")
    assert uncached["pages_cached"] == 0
    assert not (root / ".reportal-cache/pages").exists()
    first = build(root, tmp_path / "first", stats)
    assert first["pages_cached"] == 0
    assert len(list((root / ".reportal-cache/pages").glob("*.json"))) == 2  # the two issued
    second = build(root, tmp_path / "second", stats)
    assert second["pages_cached"] == 2
    folders = {path.parent for path in (root / "reports").rglob("*.md") if path.name != "index.md"}
    assert uncached["report_navs"] == 0 and 0 < second["report_navs"] == len(folders)
    assert tree(tmp_path / "second") == tree(tmp_path / "uncached")  # search index included
    # a kept page holds Material's search entries, and a build from the cache adds them as kept
    # (Material does not parse the page again)
    kept = sorted((root / ".reportal-cache/pages").glob("*.json"))
    data = json.loads(kept[0].read_text(encoding="utf-8"))
    assert data["search"]["entries"] and data["search"]["page"][0].startswith("reports/")
    data["search"]["entries"][0]["text"] += " 缓存标记"
    kept[0].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    build(root, tmp_path / "marked", stats)
    index = json.loads((tmp_path / "marked/provider/search/search_index.json").read_bytes())
    assert any("缓存标记" in entry["text"] for entry in index["docs"])
    # an edited issued report is converted again (and reported by `check` as changed)
    path = root / f"reports/huaxin/2026/{ISSUED}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    snapshot = root / f"reports/huaxin/2026/{ISSUED}.snapshot.json"
    snapshot.unlink()  # renders live now: nothing of it may come from the cache
    third = build(root, tmp_path / "third", stats)
    assert third["pages_cached"] == 1
    page = (tmp_path / f"third/provider/reports/huaxin/2026/{ISSUED}/index.html").read_text("utf-8")
    assert "补充。" in page


def config(tmp_path: Path) -> object:
    return load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def test_a_key_follows_markdown_front_matter_snapshot_and_language(tmp_path: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    zh = PageCache.open(tmp_path, config(tmp_path), "zh")  # type: ignore[arg-type]
    en = PageCache.open(tmp_path, config(tmp_path), "en")  # type: ignore[arg-type]
    meta = {"number": "SR-A-2026-01-01", "status": "approved"}
    key = zh.key("## 摘要\n\n{{ sla_table() }}\n", meta, "a" * 64)
    assert key is not None
    assert key == zh.key("## 摘要\n\n{{ sla_table() }}\n", dict(meta), "a" * 64)
    others = {
        zh.key("## 摘要\n\n{{ sla_table() }}\n\n", meta, "a" * 64),
        zh.key("## 摘要\n\n{{ sla_table() }}\n", {**meta, "status": "withdrawn"}, "a" * 64),
        zh.key("## 摘要\n\n{{ sla_table() }}\n", meta, "b" * 64),
        en.key("## 摘要\n\n{{ sla_table() }}\n", meta, "a" * 64),
    }
    assert key not in others and len(others) == 4


@pytest.mark.parametrize(
    "markdown",
    ["见[上月报告](../SR-A-2026-01-01.md)。", "![图](chart.png)", "[a][b]\n\n[b]: x.md",
     '<a href="x.md">x</a>', '<img src="x.png">'],
)  # fmt: skip
def test_a_page_with_links_is_not_cached(tmp_path: Path, markdown: str) -> None:
    cache = PageCache.open(tmp_path, config(tmp_path), "zh")  # type: ignore[arg-type]
    assert cache.key(markdown, {}, "a" * 64) is None


def test_no_folder_no_cache(tmp_path: Path) -> None:
    assert PageCache.open(None, config(tmp_path), "zh").key("text", {}, "a" * 64) is None  # type: ignore[arg-type]


def test_a_kept_page_reads_back(tmp_path: Path) -> None:
    cache = PageCache.open(tmp_path, config(tmp_path), "zh")  # type: ignore[arg-type]
    page = CachedPage("<h2 id='a'>甲</h2>", {"<div>1</div>": "<table/>"},
                      [{"level": 2, "id": "a", "name": "甲", "children": []}], ["a"])  # fmt: skip
    cache.put("k", page)
    assert cache.get("k") == page and cache.hits == 1
    (tmp_path / "pages/k.json").write_text("{", encoding="utf-8")
    assert cache.get("k") is None  # a broken entry is converted again, never an error


def test_the_markdown_stamp_ignores_object_addresses(tmp_path: Path) -> None:
    first, second = config(tmp_path), config(tmp_path)
    assert markdown_stamp(first) == markdown_stamp(second)  # type: ignore[arg-type]
    assert " at 0x" not in markdown_stamp(first)  # type: ignore[arg-type]


def test_a_page_from_the_cache_is_not_converted_again(tmp_path: Path) -> None:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    settings = config(tmp_path)
    (tmp_path / "docs").mkdir(exist_ok=True)
    file = File("a.md", str(tmp_path / "docs"), str(tmp_path / "site"), use_directory_urls=True)
    page = Page(None, file, settings)
    page.markdown = "# 标题\n\nRPTLCACHEDPAGE"
    skip_render(page)
    page.render(settings, Files([file]))  # type: ignore[arg-type]
    assert page.content == "" and not list(page.toc)  # nothing converted: apply_to sets them
    assert "render" not in vars(page)  # the page is as any other again (its HTML cache key)
    page.render(settings, Files([file]))  # type: ignore[arg-type]
    assert page.content is not None and "标题" in page.content  # MkDocs' own render again
