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


FORMATS = ("text", "json", "github")
DEPRECATED_FORMATS = {"table": "text"}  # `reportal kpi --format table` before 0.x: same output
ISSUES_FORMATS = (
    "text: `file:line: field: message [CODE]` lines; json: a JSON array of issues (file, line, "
    "field, code, message, hint, severity, column), [] when clean; github: one workflow "
    "annotation per issue. In json and github, progress and summaries go to stderr."
)


class FormatChoice(click.Choice):  # type: ignore[type-arg]
    """text, json or github; a deprecated name still works, with a warning on stderr."""

    def __init__(self) -> None:
        super().__init__(FORMATS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in DEPRECATED_FORMATS:
            new = DEPRECATED_FORMATS[value]
            click.echo(f"warning: --format {value} is deprecated; use --format {new}", err=True)
            return new
        return super().convert(value, param, ctx)


def output_format_option(formats_help: str) -> Callable[[F], F]:
    """``--format text|json|github`` with what each format prints for this command."""

    def decorate(fn: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=FormatChoice(),
            default="text",
            show_default=True,
            help=f"Output format. {formats_help}",
        )(fn)

    return decorate


def format_option(fn: F) -> F:
    """``--format text|json|github`` for commands that print Issues."""
    return output_format_option(ISSUES_FORMATS)(fn)
