"""docs/reference/cli.md is generated from the click commands and current; every command takes
the one shared ``--format`` option and states the one exit-code rule in its help."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from types import ModuleType

import click

from reportal.cli.main import cli
from reportal.cli.options import FormatChoice
from reportal.cli.output import ISSUE_JSON_FIELDS
from reportal.issues import Issue
from scripts_loader import script_module

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs/reference/cli.md"


def gen_reference() -> ModuleType:
    return script_module("gen_reference")


def commands() -> Iterator[tuple[str, click.Command]]:
    """Every runnable command as ``reportal NAME`` (``deploy nginx`` for a group's)."""
    root = click.Context(cli, info_name="reportal")
    for name in cli.list_commands(root):
        command = cli.get_command(root, name)
        assert command is not None
        if isinstance(command, click.Group):
            for sub in command.list_commands(root):
                found = command.get_command(root, sub)
                assert found is not None
                yield f"reportal {name} {sub}", found
        else:
            yield f"reportal {name}", command


def test_cli_reference_is_up_to_date() -> None:
    text = gen_reference().render_cli()
    assert PAGE.read_text("utf-8") == text, "run `.venv/bin/python scripts/gen_reference.py`"
    assert "{{" not in text and "{%" not in text


def test_cli_reference_lists_every_command_and_the_exit_rule() -> None:
    text = PAGE.read_text("utf-8")
    names = [name for name, _ in commands()]
    assert len(names) == 13  # 11 commands + deploy nginx and deploy htpasswd
    for name in names:
        assert f"\n## {name}\n" in text, name
    assert "0 clean, 1 issues found" in text and "2 usage error" in text
    assert text.count("`--format [text|json|github]`") == len(names)


def test_every_command_takes_the_same_format_option() -> None:
    for name, command in commands():
        formats = [p for p in command.params if p.name == "fmt"]
        assert len(formats) == 1, f"{name} has no --format"
        option = formats[0]
        assert isinstance(option.type, FormatChoice), name
        assert list(option.type.choices) == ["text", "json", "github"], name
        assert option.default == "text" and option.opts == ["--format"], name


def test_every_command_states_the_exit_codes() -> None:
    for name, command in commands():
        help_text = " ".join((command.help or "").split())
        assert "Exit status: 0 " in help_text and ", 2 usage error" in help_text, name


def test_the_documented_issue_keys_are_the_json_keys() -> None:
    assert list(ISSUE_JSON_FIELDS) == [f.name for f in fields(Issue)]
