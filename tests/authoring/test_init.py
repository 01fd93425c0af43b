"""``reportal init`` as a provider runs it: a new portal that checks and builds at once."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reportal.authoring.init import SKELETON_DIR, init_portal, is_empty_dir, previous_month
from reportal.site.yamlconfig import load_config_text

BIN = Path(sys.executable).parent
TODAY = "2026-12-06"
REPO_ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPORTAL_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def reportal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(str(BIN / "reportal"), *args, cwd=cwd)


@pytest.mark.slow
def test_init_new_check_and_strict_build_pass(tmp_path: Path) -> None:
    created = reportal("init", "portal", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    root = tmp_path / "portal"
    first = reportal("check", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "no issues" in first.stderr + first.stdout
    empty = run(str(BIN / "mkdocs"), "build", "--strict", cwd=root)  # before any report, too
    assert empty.returncode == 0, empty.stderr[-3000:]
    new = reportal("new", "--customer", "example", "--period", "2026-11", cwd=root)
    assert new.returncode == 0, new.stderr
    assert (root / "reports/example/2026/SR-EXAMPLE-2026-11-01.md").is_file()
    check = reportal("check", cwd=root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 report checked, no issues" in check.stdout + check.stderr  # not even a warning
    build = run(str(BIN / "mkdocs"), "build", "--strict", cwd=root)
    assert build.returncode == 0, build.stderr[-3000:]
    page = root / "build/site/reports/example/2026/SR-EXAMPLE-2026-11-01/index.html"
    assert "SR-EXAMPLE-2026-11-01" in page.read_text(encoding="utf-8")


def test_init_writes_a_portal_without_a_copy_of_the_engine(tmp_path: Path) -> None:
    result = init_portal(tmp_path / "p", date_of(TODAY))
    root = tmp_path / "p"
    for rel in ("mkdocs.yml", "reportal.yml", "README.md", "requirements.txt", "CODEOWNERS",
                ".gitignore", ".pre-commit-config.yaml", ".gitlab-ci.yml",
                ".github/workflows/reportal-preview.yml", ".github/workflows/reportal-publish.yml",
                "data/people.yml", "data/customers.yml", "data/plan.yml", "data/calendars.yml",
                "data/sources.yml", "templates/regular.md", "templates/incident.md",
                "templates/special.md", "docs/index.md"):  # fmt: skip
        assert rel in result.written
    assert not list(root.rglob("*.py")), "the portal must use the installed Reportal"
    config = load_config_text((root / "mkdocs.yml").read_text("utf-8"))
    macros = next(p["macros"] for p in config["plugins"] if isinstance(p, dict) and "macros" in p)
    assert macros["modules"] == ["reportal.site.macros"]
    assert "reportal==" in (root / "requirements.txt").read_text("utf-8")
    assert "@@" not in "".join(p.read_text("utf-8") for p in root.rglob("*") if p.is_file())
    assert "start: 2026-11" in (root / "data/plan.yml").read_text("utf-8")
    readme = (root / "README.md").read_text("utf-8")
    assert readme.startswith("# 服务报告门户") and readme.index("编写") < readme.index("In English")


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = reportal("init", ".", cwd=tmp_path)
    assert refused.returncode == 2
    assert "is not empty" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    (tmp_path / "README.md").write_text("# our portal\n", encoding="utf-8")
    forced = reportal("init", ".", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "kept README.md" in forced.stdout
    assert (tmp_path / "README.md").read_text("utf-8") == "# our portal\n"
    assert (tmp_path / "mkdocs.yml").is_file()


def test_a_git_folder_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert is_empty_dir(tmp_path) and is_empty_dir(tmp_path / "missing")
    (tmp_path / "x").write_text("", encoding="utf-8")
    assert not is_empty_dir(tmp_path)


def test_new_uses_the_portal_template(tmp_path: Path) -> None:
    init_portal(tmp_path, date_of(TODAY))
    template = tmp_path / "templates/special.md"
    template.write_text("## 我们自己的专题模板（$short_name）\n", encoding="utf-8")
    new = reportal("new", "--customer", "example", "--period", "2026-11", "--category",
                   "special", cwd=tmp_path)  # fmt: skip
    assert new.returncode == 0, new.stderr
    (report,) = (tmp_path / "reports").rglob("*.md")
    assert "## 我们自己的专题模板（示例客户）" in report.read_text("utf-8")


def test_the_skeleton_ships_in_the_wheel() -> None:
    """Every skeleton file matches the package-data globs as setuptools expands them (recursive
    glob, which skips dot-files: the skeleton names them dot-*)."""
    package = SKELETON_DIR.parent
    expand = glob.glob  # setuptools expands package-data with glob.glob
    shipped = {rel for g in _package_data() for rel in expand(g, root_dir=package, recursive=True)}
    files = [p for p in SKELETON_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert len(files) >= 14
    for path in files:
        assert path.relative_to(package).as_posix() in shipped, path.name


def test_previous_month() -> None:
    assert previous_month(date_of("2026-01-15")) == "2025-12"
    assert previous_month(date_of("2026-12-06")) == "2026-11"


def date_of(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)


def _package_data() -> list[str]:
    import tomllib

    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    return list(config["tool"]["setuptools"]["package-data"]["reportal"])
