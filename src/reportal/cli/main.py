"""`reportal` command group. Each command lives in its own module and is imported lazily."""

from __future__ import annotations

import importlib
import importlib.util
import os
import platform
from pathlib import Path
from typing import Any

import click

from reportal import __version__

# command name -> module exposing a click command named `command`
COMMANDS: dict[str, str] = {
    "check": "reportal.cli.check",
    "new": "reportal.cli.new",
    "kpi": "reportal.cli.kpi",
    "plan": "reportal.cli.plan",
    "freeze": "reportal.cli.freeze",
    "build": "reportal.cli.build",
    "pdf": "reportal.cli.pdf",
    "archive": "reportal.cli.archive",
    "verify": "reportal.cli.verify",
    "deploy": "reportal.cli.deploy",
    "init": "reportal.cli.init",
    "codeowners": "reportal.cli.codeowners",
}


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (as mkdocs does)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, module in COMMANDS.items() if _module_exists(module))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMANDS.get(cmd_name)
        if module_name is None or not _module_exists(module_name):
            return None
        command: click.Command = importlib.import_module(module_name).command
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; an environment fault or a bug ends in one line, never a traceback
        (``REPORTAL_DEBUG=1`` lets the traceback through)."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if os.environ.get(DEBUG_ENV):
                raise
            raise click.ClickException(os_error_text(error)) from None
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            name = type(error).__name__
            first = (str(error).strip().splitlines() or [""])[0]
            raise click.ClickException(
                f"unexpected {name}: {first}\n  hint: this is a bug in Reportal; run again with "
                f"{DEBUG_ENV}=1 for the traceback and report it"
            ) from None


DEBUG_ENV = "REPORTAL_DEBUG"


def os_error_text(error: OSError) -> str:
    """``strerror: path`` with the path relative to the current folder when inside it."""
    reason = error.strerror or type(error).__name__
    if error.filename is None:
        return reason
    path = Path(os.fsdecode(error.filename))
    try:
        shown = path.absolute().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(path)
    return f"{reason}: {shown}"


def _module_exists(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__,
    "-V",
    "--version",
    message=f"reportal %(version)s (Python {platform.python_version()})",
)
def cli() -> None:
    """Reportal: service reports as code — check, build, export and archive a report portal.

    Every command takes --format text|json|github and exits 0 (clean), 1 (issues found) or 2
    (usage error); docs/reference/cli.md describes each command.
    """
