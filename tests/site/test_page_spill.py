"""Converted pages spilled to disk between their conversion and their writing (issue 10, peak
memory): a build spills every page and writes the same site as a build that keeps them in
memory; it leaves no spill folder behind, whether it passes or fails; and another plugin that
could read or change a page in between turns the spill off.

Real ``mkdocs build --strict`` runs of a tmp portal; ``TMPDIR`` is the test's own folder, so the
spill folders an unstaged build makes there can be counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_html_cache import DRAFT, ISSUED_PAGE, build, pages, tree, two_reports

from reportal.site.page_spill import PREFIX, PageSpill, SpilledPage
from site_builds import run_mkdocs


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return two_reports(tmp_path, monkeypatch)


@pytest.fixture
def temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def add_hook(config: Path, hook: str) -> None:
    (config.parent / "hooks.py").write_text(hook, "utf-8")
    config.write_text(config.read_text("utf-8") + "hooks: [hooks.py]\n", "utf-8")


def spill_folders(temp: Path) -> list[Path]:
    return sorted(temp.glob(f"{PREFIX}*"))


def test_every_page_is_spilled_and_the_site_is_the_same_as_kept_in_memory(
    portal: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spilled, stats = build(portal, "spilled", monkeypatch, REPORTAL_NO_PAGE_CACHE="1")
    assert stats["pages_spilled"] == pages(spilled.site) >= 12
    assert spill_folders(temp) == []
    add_hook(portal, "def on_page_context(context, **kwargs):\n    return context\n")
    kept, stats = build(portal, "kept", monkeypatch, REPORTAL_NO_PAGE_CACHE="1")
    assert stats["pages_spilled"] == 0
    assert tree(spilled.site) == tree(kept.site)  # search index included
    assert "本期服务平稳" in spilled.page(ISSUED_PAGE)


def test_pages_from_the_caches_are_spilled_too_and_the_site_stays_the_same(
    portal: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = build(portal, "first", monkeypatch)
    second, stats = build(portal, "second", monkeypatch)
    assert stats["generated_cached"] > 0 and stats["html_cached"] == pages(second.site)
    assert stats["pages_spilled"] == pages(second.site)
    assert tree(second.site) == tree(first.site)
    assert spill_folders(temp) == []


def test_a_build_that_fails_half_way_leaves_no_spill_folder(
    portal: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft's page fails after other pages were spilled (MkDocs' on_build_error)."""
    hook = "def on_page_markdown(markdown, page, **kwargs):\n"
    hook += f"    if '{DRAFT}' in page.file.src_uri:\n"
    hook += "        raise RuntimeError('stop here')\n    return markdown\n"
    add_hook(portal, hook)
    monkeypatch.setenv("REPORTAL_NO_PAGE_CACHE", "1")
    done = run_mkdocs(portal, portal.parent / "failed")
    assert done.returncode != 0 and "stop here" in done.log
    assert spill_folders(temp) == []


def test_a_plugin_that_changes_pages_after_the_spill_turns_it_off(
    portal: Path, temp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = "from mkdocs.plugins import event_priority\n\n@event_priority(-5000)\n"
    hook += "def on_page_content(html, **kwargs):\n    return html + '<p>钩子补充</p>'\n"
    add_hook(portal, hook)
    done, stats = build(portal, "hooked", monkeypatch)
    assert stats["pages_spilled"] == 0
    assert "钩子补充" in done.page(ISSUED_PAGE)


def test_a_spilled_page_comes_back_as_it_was_put_once(tmp_path: Path) -> None:
    spill = PageSpill.open(tmp_path)
    page = SpilledPage("<p>正文</p>", "正文", {"<div>0</div>": "<table/>"}, {"converted": ("k", 1)})
    spill.put("a.md", page)
    assert list(spill.places) == ["a.md"] and spill.count == 1
    assert spill.take("a.md") == page
    assert spill.take("a.md") is None and spill.places == {}
    other = SpilledPage("<p>另一页</p>", None, {}, {})
    spill.put("b.md", other)
    spill.put("c.md", page)
    assert spill.take("c.md") == page and spill.take("b.md") == other
    assert spill.folder is not None and len(list(spill.folder.iterdir())) == 1  # one file
    spill.close()
    assert list(tmp_path.iterdir()) == []
