"""The MkDocs build runs the same validation first and refuses a portal with errors.

Real builds: `mkdocs build --strict` in a subprocess on a minimal portal holding one bad case
(front matter, cross-references, body), with a clean control portal built the same way.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from casefiles import Case, load_cases, write_case

MKDOCS_YML = """\
site_name: 测试门户
docs_dir: docs
site_dir: site
theme: {name: material, language: zh}
plugins:
  - reportal
  - macros:
      on_error_fail: true
      on_undefined: strict
"""
SUBSET = [
    "yaml_malformed",
    "unknown_field",
    "approver_is_author",
    "supersedes_cycle",
    "jinja_include",
    "html_script",
    "registry_markup",
    "jinja_hidden_braces",
]
CASES = {case.name: case for case in load_cases()}
# The control report: a valid case with its macro call taken out (macros are not under test).
_GOOD = CASES["norway_text_stays_text"]
GOOD = Case(
    "control",
    {
        path: text.replace('{{ kpi_table("tickets") }}', "正文。")
        for path, text in _GOOD.files.items()
    },
    [],
)
MKDOCS = Path(sys.executable).parent / "mkdocs"

pytestmark = pytest.mark.slow


def build(root: Path) -> subprocess.CompletedProcess[str]:
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_clean_portal_builds(tmp_portal: Callable[..., Path]) -> None:
    """The control: the same minimal portal with a valid report builds."""
    root = tmp_portal(with_data=True)
    write_case(root, GOOD)
    proc = build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (root / "site" / "index.html").is_file()


@pytest.mark.parametrize("name", SUBSET)
def test_build_refuses_a_bad_case(name: str, tmp_portal: Callable[..., Path]) -> None:
    case: Case = CASES[name]
    root = tmp_portal(with_data=True)
    write_case(root, case)
    proc = build(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, output
    for row in case.expect:
        assert f"{row['file']}:{row['line']}: " in output
        assert f"[{row['code']}]" in output
    assert "Traceback" not in output
    assert not (root / "site" / "index.html").exists()
    report_pages = list((root / "site").rglob("SR-HUAXIN-2026-10-0*/index.html"))
    assert report_pages == []
