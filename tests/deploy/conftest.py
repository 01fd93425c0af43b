"""Deploy fixtures: the demo editions built once per session (``reportal build --no-pdf``, plus a
stand-in PDF in one report of each customer), and real nginx servers in front of them, one per
sign-in method, on free loopback ports. Without nginx the tests skip, saying so."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from deploy_support import (
    A_REPORT,
    B_REPORT,
    CREDENTIALS,
    REPO_ROOT,
    A,
    B,
    find_nginx,
    free_port,
    running_nginx,
    stub_auth_service,
)

from reportal.cli.main import cli

DEMO_TODAY = "2026-11-28"


def report_dir(site: Path, customer: str, number: str) -> Path:
    year = number.split("-")[2]
    return site / "customers" / customer / "reports" / customer / year / number


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("deploy") / "site"
    env = {**os.environ, "REPORTAL_TODAY": DEMO_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    reportal = Path(sys.executable).parent / "reportal"
    result = subprocess.run(
        [str(reportal), "build", "--no-pdf", "--out", str(site)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"reportal build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    for customer, number in ((A, A_REPORT), (B, B_REPORT)):  # PDFs are off: stand-ins
        pdf = report_dir(site, customer, number) / f"{number}.pdf"
        pdf.write_bytes(f"%PDF-1.4\n% stand-in for {number}\n%%EOF\n".encode())
    return site


@pytest.fixture(scope="session")
def nginx() -> str:
    found = find_nginx()
    if found is None:
        pytest.skip("nginx is not installed (scripts/setup.sh installs Debian's nginx-light)")
    return found


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def basic_conf(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The generated configuration for HTTP Basic with the test accounts; (folder, port)."""
    out = tmp_path_factory.mktemp("nginx-basic")
    credentials = out / "credentials.yml"
    credentials.write_text(CREDENTIALS, encoding="utf-8")
    root = str(REPO_ROOT)
    invoke(
        "deploy",
        "htpasswd",
        "--root",
        root,
        "--credentials",
        str(credentials),
        "--out",
        str(out / "htpasswd"),
        "--rounds",
        "4",
    )
    port = free_port()
    invoke(
        "deploy",
        "nginx",
        "--root",
        root,
        "--site",
        str(built_site),
        "--out",
        str(out),
        "--listen",
        f"127.0.0.1:{port}",
    )
    return out, port


@pytest.fixture(scope="session")
def basic_url(nginx: str, basic_conf: tuple[Path, int]) -> Iterator[str]:
    with running_nginx(nginx, *basic_conf) as url:
        yield url


@pytest.fixture(scope="session")
def sso_url(
    nginx: str, built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """nginx with ``--auth sso`` in front of the stub auth service: (URL, stub's requests)."""
    out = tmp_path_factory.mktemp("nginx-sso")
    port = free_port()
    with stub_auth_service() as (auth_url, seen):
        invoke(
            "deploy",
            "nginx",
            "--root",
            str(REPO_ROOT),
            "--site",
            str(built_site),
            "--out",
            str(out),
            "--auth",
            "sso",
            "--auth-url",
            auth_url,
            "--listen",
            f"127.0.0.1:{port}",
        )
        with running_nginx(nginx, out, port) as url:
            yield url, seen
