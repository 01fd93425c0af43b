"""`reportal pdf` on a built site: exit status, the summary, and the report named on failure."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_site import BROKEN, GOOD, PdfRun

from reportal.cli.main import cli

pytestmark = pytest.mark.browser


@pytest.fixture
def site(pdf_run: PdfRun, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(pdf_run.edition, copy)
    return copy


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["pdf", "--root", str(root), "--no-progress", *args])
    return result.exit_code, result.output


def test_renders_the_named_report_then_reuses_it(
    tmp_portal: Callable[..., Path], site: Path
) -> None:
    root = tmp_portal(with_demo_reports=True)
    code, output = run(root, "--site", str(site), GOOD)
    assert code == 0, output
    assert "1 rendered, 0 reused, 0 failed" in output
    assert (site / f"reports/huaxin/2026/{GOOD}/{GOOD}.pdf").is_file()
    assert not (site / f"reports/huaxin/2026/{BROKEN}/{BROKEN}.pdf").exists()
    code, output = run(root, "--site", str(site), GOOD)
    assert "0 rendered, 1 reused, 0 failed" in output


def test_a_failed_report_is_named_and_exits_1(tmp_portal: Callable[..., Path], site: Path) -> None:
    root = tmp_portal(with_demo_reports=True)
    code, output = run(root, "--site", str(site), BROKEN, "--chart-timeout", "4")
    assert code == 1
    assert f"reports/huaxin/2026/{BROKEN}.md" in output
    assert "charts did not finish drawing" in output


def test_unknown_number_and_missing_site_are_usage_errors(
    tmp_portal: Callable[..., Path], site: Path
) -> None:
    root = tmp_portal(with_demo_reports=True)
    assert run(root, "--site", str(site), "SR-NOPE-2026-01-01")[0] == 2
    assert run(root)[0] == 2  # nothing built under the portal


def test_an_issued_report_is_signed_when_signing_is_configured(
    tmp_portal: Callable[..., Path], site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signing_ca import PASSPHRASE, make_test_ca

    ca = make_test_ca(tmp_path / "ca")
    root = tmp_portal(with_demo_reports=True)
    with (root / "reportal.yml").open("a", encoding="utf-8") as settings:
        settings.write(
            f"signing:\n  key: {ca.key}\n  certificate: {ca.cert}\n"
            f"  passphrase_env: TEST_SIGNING_PASSPHRASE\n  trust: [{ca.root_cert}]\n"
        )
    monkeypatch.setenv("TEST_SIGNING_PASSPHRASE", PASSPHRASE)
    code, output = run(root, "--site", str(site), GOOD)
    assert code == 0, output
    pdf = site / f"reports/huaxin/2026/{GOOD}/{GOOD}.pdf"
    checked = CliRunner().invoke(cli, ["verify", str(pdf), "--root", str(root)])
    assert checked.exit_code == 0, checked.output
    assert "signed by Common Name: 远景信息 报告签发" in checked.output
