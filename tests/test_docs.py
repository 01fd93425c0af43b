"""Docs stay in step with the code: generated references, issue codes, CLI help."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from reportal.cli.main import COMMANDS, cli
from reportal.validate.codes import ISSUE_CODES
from scripts_loader import script_module

ROOT = Path(__file__).resolve().parents[1]
CODED_MODULES = sorted(
    path.relative_to(ROOT).as_posix()
    for path in (ROOT / "src/reportal").rglob("*.py")
    if path.name != "codes.py"
)


def gen_reference() -> ModuleType:
    return script_module("gen_reference")


@pytest.mark.parametrize("page", ["fields", "issues"])
def test_generated_reference_is_up_to_date(page: str) -> None:
    module = gen_reference()
    text = module.render_fields() if page == "fields" else module.render_issues()
    current = (ROOT / f"docs/reference/{page}.md").read_text("utf-8")
    assert current == text, "run `.venv/bin/python scripts/gen_reference.py`"
    assert "{{" not in text and "{%" not in text


def test_field_reference_lists_every_report_field() -> None:
    text = (ROOT / "docs/reference/fields.md").read_text("utf-8")
    for field in ("number", "period", "supersedes", "amendment_reason", "data_gaps[].reason",
                  "sla.<key>.resolution", "roles", "due.n", "holidays"):  # fmt: skip
        assert f"| `{field}` |" in text


def test_every_issue_code_used_is_catalogued() -> None:
    used: set[str] = set()
    for rel in CODED_MODULES:
        used |= set(re.findall(r'"([A-Z]{1,3}\d{3})"', (ROOT / rel).read_text("utf-8")))
    assert used - set(ISSUE_CODES) == set(), "add the code to reportal/validate/codes.py"
    assert set(ISSUE_CODES) - used == set(), "a catalogued code is no longer used"


def test_every_command_has_help() -> None:
    runner = CliRunner()
    existing = [n for n, m in COMMANDS.items() if importlib.util.find_spec(m) is not None]
    assert "check" in existing
    for name in existing:
        command = importlib.import_module(COMMANDS[name]).command
        assert command.help, f"`reportal {name}` has no help text"
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, result.output
        assert "Usage: " in result.output and len(result.output.splitlines()) > 3
