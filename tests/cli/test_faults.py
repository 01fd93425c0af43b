"""Every CLI command under hostile environments ends in an error message, never a traceback.

A read-only output folder died with an OSError traceback on ``site.lock`` and
``REPORTAL_CHROMIUM=/etc/passwd`` with a Playwright EACCES traceback. Each command runs as the
user runs it (a subprocess) in a copy of the demo portal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORTAL = Path(sys.executable).parent / "reportal"
COPIED = ("reportal.yml", "mkdocs.yml", "docs", "macros", "reports", "data")
UNWRITABLE = "/proc/reportal-fault"  # no one, root included, may create files in /proc

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal with the huaxin edition built (no PDFs), plus a file where a folder
    should be."""
    root = tmp_path_factory.mktemp("faults") / "portal"
    root.mkdir()
    for name in COPIED:
        source = REPO_ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copyfile
        copy(source, root / name)  # type: ignore[operator]
    (root / "a-file").write_text("not a folder\n", "utf-8")
    built = run(root, "build", "--no-pdf", "--edition", "huaxin")
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def run(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    environment.pop("REPORTAL_DEBUG", None)
    return subprocess.run(
        [str(REPORTAL), *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


FAULTS = [
    ("build", ["--no-pdf", "--edition", "huaxin", "--out", f"{UNWRITABLE}/site"], {}, "E003"),
    ("build", ["--no-pdf", "--edition", "huaxin", "--out", "a-file/site"], {}, "E003"),
    ("build", ["--edition", "huaxin", "--out", "other"], {"REPORTAL_CHROMIUM": "/etc/passwd"}, ""),
    ("freeze", ["--root", "a-file"], {}, ""),
    ("deploy", ["nginx", "--out", f"{UNWRITABLE}/nginx"], {}, ""),
    ("pdf", ["--no-progress"], {"REPORTAL_CHROMIUM": "/etc/passwd"}, "PDF002"),
    ("pdf", ["--no-progress"], {"REPORTAL_CHROMIUM": "/bin/true"}, "PDF002"),
    ("pdf", ["--no-progress", "--site", "a-file"], {}, ""),
    ("archive", ["--version", "1.0", "--out", UNWRITABLE], {}, ""),
    ("archive", ["--version", "1.1", "--out", "a-file/archive"], {}, ""),
    ("new", ["--customer", "huaxin", "--period", "2026-12", "--root", "a-file"], {}, ""),
    (
        "new",
        ["--customer", "huaxin", "--period", "2026-10", "--number", "SR-HUAXIN-2026-10-01"],
        {},
        "N004",
    ),
    ("kpi", ["--customer", "huaxin", "--period", "2026-10", "--root", "a-file"], {}, ""),
    ("kpi", ["--customer", "huaxin", "--period", "2026-1O"], {}, ""),
    ("plan", ["--root", "a-file"], {}, ""),
    ("plan", ["--today", "2026-02-30"], {}, ""),
    ("check", ["--against", "/etc/passwd"], {}, "I003"),
    ("check", ["--against", "a-file"], {}, ""),
    ("check", ["--root", "a-file"], {}, ""),
    ("verify", ["a-file"], {}, "V001"),
    ("verify", ["/etc/passwd"], {}, ""),
    ("init", [f"{UNWRITABLE}/portal"], {}, ""),
    ("init", ["a-file"], {}, ""),
    ("codeowners", ["--path", "a-file/CODEOWNERS"], {}, ""),
    ("codeowners", ["--root", "a-file"], {}, ""),
]


@pytest.mark.parametrize(
    ("command", "args", "env", "code"),
    FAULTS,
    ids=[f"{c}-{i}" for i, (c, *_) in enumerate(FAULTS)],
)
def test_a_fault_is_an_error_message_not_a_traceback(
    portal: Path, command: str, args: list[str], env: dict[str, str], code: str
) -> None:
    proc = run(portal, command, *args, **env)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output, output
    assert proc.returncode in (1, 2), output  # 1: issues or a fault, 2: a usage error
    assert output.strip(), "a failure must say why"
    if code:
        assert f"[{code}]" in output, output


def test_every_command_is_run_under_a_fault() -> None:
    from reportal.cli.main import COMMANDS

    assert {command for command, *_ in FAULTS} == set(COMMANDS)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            RuntimeError("boom\nsecond line"),
            "Error: unexpected RuntimeError: boom\n  hint: this is a bug",
        ),
        (
            PermissionError(13, "Permission denied", "/srv/x.lock"),
            "Error: Permission denied: /srv/x.lock",
        ),
    ],
)
def test_the_last_safety_net_prints_one_line(
    error: Exception, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever escapes a command (a bug, an OS fault no check foresaw) is one message and exit
    status 1; REPORTAL_DEBUG=1 lets the traceback through for a bug report."""
    import click
    from click.testing import CliRunner

    from reportal.cli import main

    @click.command()
    def failing() -> None:
        raise error

    monkeypatch.setattr(main.LazyGroup, "get_command", lambda self, ctx, name: failing)
    monkeypatch.delenv("REPORTAL_DEBUG", raising=False)
    result = CliRunner().invoke(main.cli, ["check"])
    assert result.exit_code == 1
    assert result.output.startswith(expected), result.output
    assert "second line" not in result.output
    monkeypatch.setenv("REPORTAL_DEBUG", "1")
    assert CliRunner().invoke(main.cli, ["check"]).exception is error
