"""`reportal` command group. Each command lives in its own module and is imported lazily."""

from __future__ import annotations

import importlib
import importlib.util
import platform

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
    """Reportal: service reports as code — check, build, export and archive a report portal."""
