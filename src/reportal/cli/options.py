"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def root_option(fn: F) -> F:
    """``--root DIR``: the portal folder (default: the current directory)."""
    return click.option(
        "--root",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=Path(),
        show_default=True,
        help="Portal folder (holds reportal.yml, reports/ and data/).",
    )(fn)


def format_option(fn: F) -> F:
    """``--format text|json|github`` for commands that print Issues."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json", "github"]),
        default="text",
        show_default=True,
        help="Output format: text, json, or GitHub workflow annotations.",
    )(fn)
