"""The macros adapter in a real mkdocs build (mkdocs-macros plugin, strict, fail on error)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from reportal.model.macros import ALLOWED_MACROS
from reportal.site.macros import define_env

MKDOCS_YML = """\
site_name: mini
plugins:
  - macros:
      module_name: macros/main
      on_error_fail: true
      on_undefined: strict
"""

GOOD = """\
---
customer: dingsheng
period: 2026-03
data_gaps:
  - {source: calls, reason: 话务平台升级}
---
# 三月

{{ kpi_table("calls") }}

{{ sla_table() }}

{{ trend_chart("calls.answer_rate", periods=6) }}

{{ satisfaction() }}

{{ availability_table() }}

{{ actions_table() }}

{{ data_coverage() }}

{{ kpi_definitions() }}
"""


def mini_site(tmp_path: Path, repo_root: Path, pages: dict[str, str]) -> Path:
    root = tmp_path / "site"
    shutil.copytree(repo_root / "data", root / "data")
    shutil.copy(repo_root / "reportal.yml", root / "reportal.yml")
    shutil.copytree(repo_root / "macros", root / "macros")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for name, text in pages.items():
        (root / "docs").mkdir(exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    return root


def build(root: Path) -> subprocess.CompletedProcess[str]:
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(mkdocs, cwd=root, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_every_macro_renders_in_a_build(tmp_path: Path, repo_root: Path) -> None:
    root = mini_site(tmp_path, repo_root, {"index.md": GOOD})
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "{{" not in page
    for marker in (
        "reportal-kpi-kpi-calls",
        "reportal-kpi-sla",
        "reportal-chart",
        "reportal-kpi-satisfaction",
        "reportal-kpi-availability",
        "reportal-kpi-actions",
        "reportal-kpi-coverage",
        "reportal-kpi-definitions",
    ):
        assert marker in page
    assert "28/31 天" in page and "话务平台升级" in page  # the calls gap, explained


@pytest.mark.slow
def test_macro_error_names_report_line_and_macro(tmp_path: Path, repo_root: Path) -> None:
    bad = '---\ncustomer: huaxin\nperiod: 2026-06\n---\n# x\n\ntext\n\n{{ kpi_table("calls") }}\n'
    root = mini_site(tmp_path, repo_root, {"bad.md": bad})
    result = build(root)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert 'bad.md:9: kpi_table: customer "huaxin" has no data source for the calls KPIs' in output
    assert "Traceback" not in output
    problems = [line for line in output.splitlines() if not line.startswith("INFO")]
    assert not any(str(tmp_path) in line for line in problems)


def test_define_env_registers_exactly_the_allow_list(tmp_path: Path) -> None:
    registered: dict[str, Any] = {}
    env = SimpleNamespace(
        conf={"config_file_path": str(tmp_path / "mkdocs.yml"), "docs_dir": str(tmp_path)},
        variables={},
        macro=lambda fn, name: registered.__setitem__(name, fn),
    )
    define_env(env)
    assert sorted(registered) == sorted(ALLOWED_MACROS)
    assert env.variables == {}


def test_unknown_kpi_suggests_a_close_id(tmp_path: Path, repo_root: Path) -> None:
    registered: dict[str, Any] = {}
    page = SimpleNamespace(
        meta={
            "reportal": {
                "customer": "huaxin",
                "period": "2026-06",
                "path": "r.md",
                "number": "SR-HUAXIN-2026-06-01",
            }
        },
        file=SimpleNamespace(src_path="r.md", abs_src_path=None),
    )
    shutil.copytree(repo_root / "data", tmp_path / "data")
    shutil.copy(repo_root / "reportal.yml", tmp_path / "reportal.yml")
    (tmp_path / "r.md").write_text(
        '---\na: 1\n---\n\n{{ trend_chart("sla.resolutoin") }}\n', encoding="utf-8"
    )
    env = SimpleNamespace(
        conf={"config_file_path": str(tmp_path / "mkdocs.yml")},
        macro=lambda fn, name: registered.__setitem__(name, fn),
        page=page,
        markdown="",
    )
    define_env(env)
    with pytest.raises(Exception) as caught:
        registered["trend_chart"]("sla.resolutoin")
    assert str(caught.value) == (
        'r.md:5: trend_chart: unknown KPI "sla.resolutoin" (did you mean "sla.resolution"?)'
    )
