"""The static plan of an edition (``publish/static_plan.py``) and a Zensical build of it.

The build test needs Zensical, which is no Reportal dependency: it is skipped unless a
``zensical`` command is found (``$ZENSICAL``, beside this Python, or on PATH), so CI, whose venv
has no Zensical, never runs it. See docs/dev/zensical.md."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportal.kpi.checks import check_all
from reportal.portal.editions import Edition
from reportal.publish.static_blocks import BodyRenderer, take_blocks, with_blocks
from reportal.publish.static_finish import finish_page, finish_static_site
from reportal.publish.static_plan import (
    BODY_END,
    BODY_START,
    SITE_DIR,
    stage_static,
    static_config,
    static_main_html,
    zensical_command,
)
from reportal.site.builder import build_env
from reportal.site.plan import NavGroup
from reportal.site.postcheck import host_paths
from site_builds import REPO_ROOT

CONFIG = {
    "site_name": "门户",
    "site_dir": "/elsewhere/site",
    "theme": {"name": "material", "language": "zh"},
    "nav": [{"首页": "index.md"}, {"报告": ["reports/index.md"]}, {"指南": ["guide/a.md"]}],
    "plugins": [
        "search",
        {
            "reportal": {
                "edition": "provider",
                "en": {"site_name": "Portal", "nav": {"报告": "Reports"}},
            }
        },
        {"macros": {"module_name": "macros/main"}},
        {"tags": {}},
    ],
}
PLAN = [NavGroup("按客户浏览", "reports/by_customer/index.md", [("reports/a/index.md", "A")])]


def test_the_static_config_builds_without_the_reportal_plugin_inside_the_stage() -> None:
    config = static_config(CONFIG, PLAN, "zh")
    assert config["plugins"] == ["search", {"tags": {}}]  # no reportal, no macros
    assert config["site_dir"] == SITE_DIR  # Zensical refuses a site_dir outside the project
    assert config["theme"]["custom_dir"] == "overrides"


def test_the_listing_sections_join_the_section_of_all_reports() -> None:
    nav = static_config(CONFIG, PLAN, "zh")["nav"]
    assert nav[1] == {
        "报告": [
            "reports/index.md",
            {"按客户浏览": ["reports/by_customer/index.md", {"A": "reports/a/index.md"}]},
        ]
    }
    assert nav[2] == {"指南": ["guide/a.md"]}


def test_an_english_static_config_takes_the_plugins_english_texts() -> None:
    config = static_config(CONFIG, PLAN, "en", " · Huaxin")
    assert config["site_name"] == "Portal · Huaxin"
    assert list(config["nav"][1]) == ["Reports"]
    assert config["theme"]["language"] == "en"


def test_the_static_theme_override_loads_plotly_in_the_head() -> None:
    html = static_main_html()
    head = html[html.index("{% block extrahead %}") : html.index("{% endblock %}")]
    assert "assets/reportal/plotly.min.js" in head
    assert "reportal_assets" not in html  # no global a static generator would not set


PLACEHOLDER = '<div class="reportal-block" data-block="0">SLA 99%</div>'
CHART = '<div class="reportal-chart" data-figure="{&quot;data&quot;: []}"></div>'


def test_finishing_a_page_sanitises_the_author_content_and_puts_the_blocks_in() -> None:
    body = f"<p>text</p><script>alert(1)</script>{CHART}{PLACEHOLDER}"
    page = f"<head><script src=x></script></head>{BODY_START}{body}{BODY_END}<footer>"
    html = finish_page(page, {PLACEHOLDER: f"<figure>{CHART}</figure>"})
    assert html is not None
    assert "alert(1)" not in html  # the author's script goes; the theme's stays
    assert html.startswith("<head><script src=x></script></head><p>text</p>")
    assert html.count('class="reportal-chart"') == 1  # ours, not the hand-made one
    assert f"<figure>{CHART}</figure><footer>" in html
    assert "reportal-block" not in html and BODY_START not in html


def test_a_page_without_its_body_markers_is_not_finished(tmp_path: Path) -> None:
    page = tmp_path / "reports/a/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>no markers</p>", encoding="utf-8")
    problems = finish_static_site(tmp_path, {"reports/a/": {}, "reports/b/": {}}, ())
    assert problems == [
        "reports/a/: the body markers are missing",
        "reports/b/: the generator wrote no page",
    ]


@pytest.mark.slow
def test_zensical_builds_the_demo_provider_edition(tmp_path: Path) -> None:
    command = zensical_command()
    if command is None:
        pytest.skip("zensical is not installed (no Reportal dependency; docs/dev/zensical.md)")
    portal = check_all(REPO_ROOT)
    project = stage_static(portal, Edition("provider"), tmp_path / "provider", "zh")
    done = subprocess.run(
        [*command, "build", "-f", project.config_file.name],
        cwd=project.config_file.parent,
        env=build_env(946684800),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert finish_static_site(project.site_dir, project.plan.blocks, host_paths(REPO_ROOT)) == []
    site = project.site_dir
    page = (site / "reports/huaxin/2026/SR-HUAXIN-2026-10-01/index.html").read_text("utf-8")
    assert 'class="reportal-header"' in page  # the header the plugin adds in on_page_content
    assert 'class="reportal-chart"' in page  # KPI blocks, put in after sanitising
    assert "reportal-block" not in page and "{{" not in page.split("<article", 1)[1]
    assert "plotly.min.js" in page.split("</head>", 1)[0]
    listing = (site / "reports/by_customer/index.html").read_text("utf-8")
    assert "huaxin/" in listing
    assert not (site / "index.en").exists()  # X.en.md never becomes a page of its own


def test_an_issued_reports_blocks_come_from_its_frozen_snapshot() -> None:
    """SR-HUAXIN-2026-03-01 was issued before the 52-minute outage of 9 March was back-filled
    into the export: rendered by Reportal, not by the generator's macros, it keeps the figures
    it was issued with (a generator's mkdocs-macros would compute them from today's export)."""
    portal = check_all(REPO_ROOT)
    report = next(r for r in portal.reports if r.number == "SR-HUAXIN-2026-03-01")
    html = with_blocks(BodyRenderer(portal, "zh").render(report), take_blocks(report))
    row = html[html.index("核心账务系统</td>") :][:200]
    assert "100.00%" in row and "52" not in row.split("</tr>")[0]
    assert "{{" not in html and "RPTLBLOCK" not in html
