"""A customer's sources read only data/exports/<customer>/: no `..`, no absolute path, no other
customer's folder, no symlink leading out. Each is D107 at the source's line; nothing is read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_loading import portal

from reportal.issues import render_text
from reportal.kpi.engine import KpiEngine

AVAILABILITY = (
    "huaxin:\n  availability:\n    path: '{path}'\n    date_format: '%Y-%m-%d'\n"
    "    columns: {{日期: date, 系统: system, 停机时长(分钟): downtime_minutes}}\n"
)


def huaxin_portal(tmp_path: Path, repo_root: Path, path: str) -> Path:
    root = portal(tmp_path, repo_root, {"data/sources.yml": AVAILABILITY.format(path=path)})
    shutil.copytree(repo_root / "data/exports", root / "data/exports")
    (root / "reports/huaxin/2026").mkdir(parents=True)
    (root / "reports/huaxin/2026/x.md").write_text("---\ntitle: 内部\n---\n", "utf-8")
    return root


def refused(root: Path) -> tuple[list[str], tuple[str, ...]]:
    engine = KpiEngine(root)
    table = engine.table("huaxin", "availability")
    assert table is not None
    d107 = [render_text(i) for i in engine.data_issues() if i.code == "D107"]
    return d107, table.files


def test_the_customer_folder_is_read(tmp_path: Path, repo_root: Path) -> None:
    root = huaxin_portal(tmp_path, repo_root, "exports/huaxin/availability.*")
    assert refused(root) == ([], ("data/exports/huaxin/availability.csv",))


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("exports/huaxin/../../../reports/**/*.md", "climbs out of its folder with .."),
        ("/etc/passwd", "is an absolute path"),
        ("exports/dingsheng/*.csv", "is not inside exports/huaxin/"),
        ("*.yml", "is not inside exports/huaxin/"),
    ],
)
def test_a_path_leaving_the_folder_is_refused(
    path: str, problem: str, tmp_path: Path, repo_root: Path
) -> None:
    issues, files = refused(huaxin_portal(tmp_path, repo_root, path))
    assert files == ()
    assert len(issues) == 1
    assert issues[0].startswith(f'data/sources.yml:3: huaxin.availability.path: "{path}" {problem}')
    assert issues[0].endswith(
        "[D107]\n  hint: put the export in data/exports/huaxin/ and write "
        "path: exports/huaxin/<file>"
    )


def test_a_symlink_to_another_customer_is_refused(tmp_path: Path, repo_root: Path) -> None:
    root = huaxin_portal(tmp_path, repo_root, "exports/huaxin/*.parquet")
    link = root / "data/exports/huaxin/avail.parquet"
    link.symlink_to(Path("../dingsheng/availability.parquet"))
    issues, files = refused(root)
    assert files == ()  # dingsheng's systems and downtime are never read for huaxin
    assert issues == [
        "data/sources.yml:3: huaxin.availability.path: data/exports/huaxin/avail.parquet leads "
        "outside exports/huaxin/: a customer's sources are read from its own export folder only "
        "[D107]\n  hint: put the export in data/exports/huaxin/ and write "
        "path: exports/huaxin/<file>"
    ]
