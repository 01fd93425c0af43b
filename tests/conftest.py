"""Shared fixtures: the repo root (the demo portal) and a tmp_portal factory."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
REGISTRY_FILES = (
    "reportal.yml",
    "data/customers.yml",
    "data/people.yml",
    "data/plan.yml",
    "data/calendars.yml",
)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def tmp_portal(tmp_path: Path) -> Callable[..., Path]:
    """Make a portal in tmp_path: the demo registry plus ``files`` ({relative path: text}).

    ``with_demo_reports=True`` copies the demo reports/ too; ``with_data=True`` copies data/.
    """

    def make(
        files: dict[str, str] | None = None,
        with_demo_reports: bool = False,
        with_data: bool = False,
    ) -> Path:
        root = tmp_path / "portal"
        root.mkdir(exist_ok=True)
        if with_data:
            shutil.copytree(REPO_ROOT / "data", root / "data", dirs_exist_ok=True)
        for rel in REGISTRY_FILES:
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO_ROOT / rel, target)
        if with_demo_reports:
            shutil.copytree(REPO_ROOT / "reports", root / "reports", dirs_exist_ok=True)
        for rel, text in (files or {}).items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return root

    return make
