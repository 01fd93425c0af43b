"""An English portal (`reportal build --language en`): every page of every edition is English
outside report bodies and authored names (tests/han_scan.py says what stays as written)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files

from han_scan import leaks, site_leaks, written_as_is
from reportal.model.language import LANGUAGE_ENV, portal_language
from reportal.portal.edition_docs import is_provider_only
from reportal.site.localize import localize_files, translate_nav
from site_builds import REPO_ROOT

DEMO_TODAY = "2026-11-28"


@pytest.fixture(scope="module")
def english_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("english") / "site"
    env = {**os.environ, "REPORTAL_TODAY": DEMO_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(LANGUAGE_ENV, None)
    reportal = Path(sys.executable).parent / "reportal"
    command = [str(reportal), "build", "--language", "en", "--no-pdf", "--out", str(out)]
    result = subprocess.run(
        command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"reportal build --language en failed:\n{result.stderr[-4000:]}")
    return out


def editions(out: Path) -> list[Path]:
    return [out / "provider", *sorted((out / "customers").iterdir())]


def test_every_page_of_every_edition_is_english(english_build: Path) -> None:
    allowed = written_as_is(REPO_ROOT)
    found = {}
    for edition in editions(english_build):
        assert len(list(edition.rglob("*.html"))) > 20
        for page, texts in site_leaks(edition, allowed).items():
            found[f"{edition.relative_to(english_build).as_posix()}/{page}"] = texts
    assert found == {}, "Chinese outside report bodies and names:\n" + "\n".join(
        f"{page}: {texts}" for page, texts in found.items()
    )


def test_theme_nav_and_customer_home_are_english(english_build: Path) -> None:
    home = (english_build / "provider" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    assert "Service management" in home and "Yuanjing IT Service Report Portal" in home
    customer_home = (english_build / "customers/huaxin/index.html").read_text(encoding="utf-8")
    assert "Latest report" in customer_home
    assert "Service management" in customer_home  # the nav: dashboards and actions stay
    assert not (english_build / "customers/huaxin/guide/authors").exists()  # provider-only
    kpis = (english_build / "provider/kpi/index.html").read_text(encoding="utf-8")
    assert "<h1" in kpis and "KPI definitions" in kpis


def test_the_scan_finds_chinese_ui_text() -> None:
    html = (
        '<html><body><nav><a title="首页">Home</a></nav><article>'
        '<div class="reportal-header"><dl><dt>报告编号</dt></dl></div>'
        "<h2>一、报告摘要</h2><p>正文</p>"
        '<section class="reportal-print reportal-print-end"><p>— 以下空白 —</p></section>'
        "</article><code>电话</code><p>华信银行</p></body></html>"
    )
    assert leaks(html, ["华信银行"]) == ["首页", "报告编号", "— 以下空白 —"]


def test_english_pages_replace_their_chinese_pages_only_in_english(tmp_path: Path) -> None:
    from mkdocs.config.defaults import MkDocsConfig

    config = MkDocsConfig()
    docs = tmp_path / "docs"
    docs.mkdir()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "s")})
    assert config.validate()[0] == []
    config.plugins._current_plugin = "reportal"  # as while a plugin event runs
    for name, text in {"a.md": "# 中文", "a.en.md": "# English", "b.en.md": "# Orphan"}.items():
        (docs / name).write_text(text, encoding="utf-8")

    def files() -> Files:
        names = ("a.md", "a.en.md", "b.en.md")
        return Files([File(name, str(docs), str(tmp_path / "s"), False) for name in names])

    chinese = localize_files(files(), config, "zh")
    assert [f.src_uri for f in chinese] == ["a.md"]
    assert chinese.get_file_from_path("a.md").content_string == "# 中文"  # type: ignore[union-attr]
    english = localize_files(files(), config, "en")
    assert [f.src_uri for f in english] == ["a.md"]
    assert english.get_file_from_path("a.md").content_string == "# English"  # type: ignore[union-attr]


def test_nav_titles_and_provider_only_english_pages() -> None:
    nav = [{"首页": "index.md"}, {"报告": ["reports/index.md", {"报告计划": "plan.md"}]}]
    assert translate_nav(nav, {"首页": "Home", "报告": "Reports"}) == [
        {"Home": "index.md"},
        {"Reports": ["reports/index.md", {"报告计划": "plan.md"}]},
    ]
    assert is_provider_only("guide/authors.en.md") and is_provider_only("index.en.md")
    assert not is_provider_only("guide/customers.en.md")


def test_the_language_env_wins_over_the_option_and_reportal_yml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    assert portal_language(None, "zh") == "zh"
    assert portal_language("en", "zh") == "en"
    monkeypatch.setenv(LANGUAGE_ENV, "en")
    assert portal_language("zh", "zh") == "en"
    monkeypatch.setenv(LANGUAGE_ENV, "fr")
    assert portal_language(None, "en") == "en"
