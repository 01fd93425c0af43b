"""The published KPI pages are generated from the registry and must not go stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from reportal.kpi.definition_set import all_definitions


def test_kpi_pages_are_up_to_date(repo_root: Path) -> None:
    script = repo_root / "scripts" / "gen_kpi_docs.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, cwd=repo_root
    )
    assert result.returncode == 0, result.stderr


def test_every_kpi_is_documented(repo_root: Path) -> None:
    page = (repo_root / "docs" / "kpi" / "index.md").read_text(encoding="utf-8")
    for definition in all_definitions():
        assert f"`{definition.id}`" in page, definition.id
        assert definition.formula["zh"].split("；")[0][:20] in page.replace("\\|", "|")


def test_kpi_pages_open_with_their_title_and_cards_have_no_empty_header(repo_root: Path) -> None:
    """MkDocs takes a page's title from a first-line heading only (else "Index")."""
    for name in ("index.md", "sources.md"):
        page = (repo_root / "docs" / "kpi" / name).read_text(encoding="utf-8")
        assert page.startswith("# "), name
        assert "| | |" not in page, name
