"""The HTML cache (issue 10, speed): a page whose template would render what an earlier build
wrote is written from the cache; anything that changes a page's HTML (its content, the
navigation, the theme's settings or files) makes it render again, and a build from the cache
writes the same site as a build without any cache.

Real ``mkdocs build --strict`` runs of a tmp portal (and one ``reportal build``: its staging
tree is another folder on every build).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_serve_errors import serve_and_save

from reportal.site.html_cache import KEEP_SECONDS, TEMPLATE, HtmlCache, config_stamp
from site_builds import (
    Build,
    make_portal,
    nav_links,
    report_file,
    report_path,
    stats_build,
)

ISSUED, DRAFT = "SR-HUAXIN-2026-10-01", "SR-HUAXIN-2026-11-01"
DRAFT_FIELDS = {"status": "draft", "approved_on": "", "issued": ""}
ISSUED_PAGE = f"reports/huaxin/2026/{ISSUED}/index.html"
DRAFT_PAGE = f"reports/huaxin/2026/{DRAFT}/index.html"
HTML = ".reportal-cache/html"
REPORTAL = Path(sys.executable).parent / "reportal"


@pytest.fixture
def portal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return two_reports(tmp_path, monkeypatch)


def two_reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A portal of an issued and a draft report, every cache on, the build time fixed."""
    monkeypatch.setenv("REPORTAL_TODAY", "2026-12-01")  # the plan page's today
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    for variable in ("REPORTAL_CACHE_DIR", "REPORTAL_NO_PAGE_CACHE", "REPORTAL_NO_HTML_CACHE"):
        monkeypatch.delenv(variable, raising=False)
    files = {
        report_path(ISSUED): report_file(ISSUED),
        report_path(DRAFT): report_file(DRAFT, **DRAFT_FIELDS),
    }
    return make_portal(tmp_path / "portal", files)


def build(
    config: Path, name: str, monkeypatch: pytest.MonkeyPatch, **env: str
) -> tuple[Build, dict[str, int]]:
    """A strict build that must pass, and the plugin's stats row."""
    done, stats = stats_build(config, name, monkeypatch, **env)
    assert done.returncode == 0, done.log[-3000:]
    return done, stats


def uncached(config: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Build:
    return build(config, name, monkeypatch, REPORTAL_NO_PAGE_CACHE="1")[0]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but the register workbook (its zip entries carry the time
    it was written)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".xlsx"
    }


def pages(site: Path) -> int:
    return len([path for path in site.rglob("*.html") if path.name != "404.html"])


def test_a_build_with_nothing_changed_writes_every_page_from_the_cache(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = uncached(portal, "plain", monkeypatch)
    assert not (portal.parent / HTML).exists()
    first, first_stats = build(portal, "first", monkeypatch)
    count = pages(first.site)
    assert count >= 12  # docs, listings, dashboards, register, plan... and the two reports
    assert first_stats["html_cached"] == 0 and first_stats["html_kept"] == count
    second, second_stats = build(portal, "second", monkeypatch)
    assert second_stats["html_cached"] == count and second_stats["html_kept"] == 0
    assert second_stats["report_navs"] == 0  # no template rendered for a report page
    assert tree(first.site) == tree(plain.site)  # search index included
    assert tree(second.site) == tree(plain.site)
    off, off_stats = build(portal, "off", monkeypatch, REPORTAL_NO_HTML_CACHE="1")
    assert off_stats["html_cached"] == 0 and off_stats["pages_cached"] + off_stats["report_navs"]
    assert tree(off.site) == tree(plain.site)


def test_an_edited_page_renders_again_and_only_it(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = build(portal, "first", monkeypatch)
    build(portal, "second", monkeypatch)
    path = portal.parent / report_path(DRAFT)
    path.write_text(report_file(DRAFT, "## 摘要\n\n本期新增一条说明。\n", **DRAFT_FIELDS), "utf-8")
    edited, stats = build(portal, "edited", monkeypatch)
    assert "本期新增一条说明。" in edited.page(DRAFT_PAGE)
    assert stats["html_kept"] == 1 and stats["html_cached"] == pages(first.site) - 1
    assert tree(edited.site) == tree(uncached(portal, "plain", monkeypatch).site)


def test_a_new_entry_in_the_navigation_renders_every_page_again(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = build(portal, "first", monkeypatch)
    build(portal, "second", monkeypatch)
    added = "SR-DINGSHENG-2026-11-01"  # another customer: its listing joins the navigation
    (portal.parent / report_path(added)).parent.mkdir(parents=True)
    (portal.parent / report_path(added)).write_text(report_file(added, **DRAFT_FIELDS), "utf-8")
    changed, stats = build(portal, "changed", monkeypatch)
    assert stats["html_cached"] == 0
    assert "../../../dingsheng/" in nav_links(changed.page(ISSUED_PAGE)).entries
    assert "../../../dingsheng/" not in nav_links(first.page(ISSUED_PAGE)).entries
    assert tree(changed.site) == tree(uncached(portal, "plain", monkeypatch).site)


def test_a_renamed_navigation_title_renders_every_page_again(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = build(portal, "first", monkeypatch)
    build(portal, "second", monkeypatch)
    portal.write_text(portal.read_text("utf-8").replace("报告:", "报告汇总:"), "utf-8")
    changed, stats = build(portal, "changed", monkeypatch)
    assert stats["html_cached"] == 0
    assert "报告汇总" in changed.page(ISSUED_PAGE) and "报告汇总" not in first.page(ISSUED_PAGE)
    assert tree(changed.site) == tree(uncached(portal, "plain", monkeypatch).site)


def test_the_theme_settings_and_files_are_in_the_key(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = portal.read_text("utf-8")
    overrides = portal.parent / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p>页脚一</p>{% endblock %}\n', "utf-8"
    )
    themed = text.replace("font: false}", "font: false, custom_dir: overrides}")
    portal.write_text(themed, "utf-8")
    first, _ = build(portal, "first", monkeypatch)
    assert "页脚一" in first.page(ISSUED_PAGE)
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p>页脚二</p>{% endblock %}\n', "utf-8"
    )
    changed, stats = build(portal, "changed", monkeypatch)
    assert stats["html_cached"] == 0 and "页脚二" in changed.page(ISSUED_PAGE)
    portal.write_text(themed.replace("font: false", "font: false, palette: {primary: teal}"))
    recolored, stats = build(portal, "recolored", monkeypatch)
    assert stats["html_cached"] == 0
    assert 'data-md-color-primary="teal"' in recolored.page(ISSUED_PAGE)
    assert tree(recolored.site) == tree(uncached(portal, "plain", monkeypatch).site)


def test_a_theme_that_shows_the_build_time_is_cached_only_with_a_fixed_time(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = portal.parent / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}{{ build_date_utc }}{% endblock %}\n', "utf-8"
    )
    text = portal.read_text("utf-8")
    portal.write_text(text.replace("font: false}", "font: false, custom_dir: overrides}"), "utf-8")
    for name in ("fixed", "fixed-again"):
        _, stats = build(portal, name, monkeypatch)
    assert stats["html_cached"] > 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    for name in ("now", "now-again"):
        _, stats = build(portal, name, monkeypatch)
        assert stats["html_cached"] == 0 and stats["html_kept"] == 0


def test_what_another_plugin_sets_on_a_page_is_in_the_key(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hook sets an attribute on each page in ``on_page_markdown`` (not around the render)
    and the portal's template shows it."""
    hook = "import os\n\ndef on_page_markdown(markdown, page, **kwargs):\n"
    hook += "    page.note = os.environ['TEST_NOTE']\n    return markdown\n"
    (portal.parent / "hooks.py").write_text(hook, "utf-8")
    overrides = portal.parent / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}{{ page.note }}{% endblock %}\n', "utf-8"
    )
    text = portal.read_text("utf-8") + "hooks: [hooks.py]\n"
    portal.write_text(text.replace("font: false}", "font: false, custom_dir: overrides}"), "utf-8")
    for name in ("first", "second"):
        built, stats = build(portal, name, monkeypatch, TEST_NOTE="注一")
    assert stats["html_cached"] > 0 and "注一" in built.page(ISSUED_PAGE)
    changed, stats = build(portal, "changed", monkeypatch, TEST_NOTE="注二")
    assert stats["html_cached"] == 0 and "注二" in changed.page(ISSUED_PAGE)


def test_another_plugin_in_the_render_turns_the_cache_off(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = "def on_post_page(output, **kwargs):\n    return output + '<!-- x -->'\n"
    (portal.parent / "hooks.py").write_text(hook, "utf-8")
    portal.write_text(portal.read_text("utf-8") + "hooks: [hooks.py]\n", "utf-8")
    build(portal, "first", monkeypatch)
    second, stats = build(portal, "second", monkeypatch)
    assert stats["html_cached"] == 0 and stats["html_kept"] == 0
    assert "<!-- x -->" in second.page(ISSUED_PAGE)


def test_a_build_deletes_the_entries_nobody_used_lately(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(portal, "first", monkeypatch)
    folder = next((portal.parent / HTML).iterdir())
    stale, recent = folder / f"{'0' * 64}.html", folder / f"{'1' * 64}.html"
    for path in (stale, recent):
        path.write_bytes(b"")
    earlier = time.time() - KEEP_SECONDS - 60
    os.utime(stale, (earlier, earlier))
    _, stats = build(portal, "second", monkeypatch)
    assert stats["html_cached"] > 0
    assert not stale.exists() and recent.exists()


def test_a_reportal_build_takes_its_pages_from_the_cache(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``reportal build`` builds a staging tree in a new folder each time: host paths are not
    in the key."""
    root, stats = portal.parent, portal.parent.parent / "stats.jsonl"
    env = {**os.environ, "REPORTAL_STATS": str(stats), "NO_MKDOCS_2_WARNING": "1"}
    command = [str(REPORTAL), "build", "--root", str(root), "--no-pdf", "--edition", "provider"]
    for name in ("first", "second"):
        done = subprocess.run(
            [*command, "--out", str(root.parent / name)],
            capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
    rows = [json.loads(row) for row in stats.read_text("utf-8").splitlines()]
    first, second = (row for row in rows if row["edition"] == "provider")  # not the prefill's
    assert first["html_kept"] > 10 and second["html_cached"] == first["html_kept"]
    assert tree(root.parent / "second") == tree(root.parent / "first")


def test_a_serve_rebuild_renders_only_the_pages_that_changed(portal: Path) -> None:
    """``mkdocs serve`` keeps the plugin between builds: after a save, the pages the save did
    not change are written from the cache, and the changed ones show the change."""
    changed = report_file(DRAFT, "## 摘要\n\n保存后的新内容。\n", **DRAFT_FIELDS)
    source = portal.parent / report_path(DRAFT)
    first, rebuilt = serve_and_save(
        portal, DRAFT_PAGE, "本期服务平稳。", source, changed, "保存后的新内容。"
    )
    assert first["html_cached"] == 0 and first["html_kept"] >= 12
    assert rebuilt["html_kept"] == 1 and rebuilt["html_cached"] == first["html_kept"] - 1


def test_the_config_stamp_leaves_out_host_paths_and_addresses(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    stamps = []
    for name in ("one", "two"):
        root = tmp_path / name
        config = make_portal(root, {})
        stamps.append(config_stamp(load_config(config_file=str(config)), root))
    assert stamps[0] == stamps[1]
    assert str(tmp_path) not in stamps[0] and " at 0x" not in stamps[0]


def test_no_folder_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert HtmlCache.open(tmp_path, "provider", "zh").folder == tmp_path / "html/provider.zh"
    assert HtmlCache.open(None, "provider", "zh").folder is None
    monkeypatch.setenv("REPORTAL_NO_HTML_CACHE", "1")
    assert HtmlCache.open(tmp_path, "provider", "zh").folder is None


def test_an_entry_gone_before_its_page_is_written_is_rendered_after_all(tmp_path: Path) -> None:
    """Another build may delete an entry between ``plan`` and the page's render (or a broken
    disk leave it empty): the page is rendered with its own template after all."""
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment

    env = Environment(loader=DictLoader({"main.html": "<p>{{ page.title }}</p>"}))
    cache = HtmlCache(tmp_path)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="a.md"), meta={}, title="甲")
    cache.install(env)
    for kept in (b"<p>kept</p>", b" \n", None):
        cache.served["a.md"], page.meta["template"] = "k", TEMPLATE
        if kept is not None:
            (tmp_path / "k.html").write_bytes(kept)
        else:
            (tmp_path / "k.html").unlink()
        written = env.get_template(TEMPLATE).render(page=page)
        assert written == ("<p>kept</p>" if kept and kept.strip() else "<p>甲</p>")
        assert "template" not in page.meta  # its own template again
    assert cache.stats()["html_cached"] == 1 and not cache.is_served(page)  # type: ignore[arg-type]
