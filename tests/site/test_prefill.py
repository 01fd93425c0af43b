"""The spare core's prefill of the page cache (issue 10, speed; ``site/prefill.py``): it converts
the issued report pages a build then takes from the cache, and the site is the same as without
it; the build's mark stops it; another plugin around a page's conversion turns it off; and
``reportal build`` of one edition gives its spare worker the prefill.

Real ``mkdocs build --strict`` runs of a tmp portal, the prefill in its own process as the
build worker runs it; and two ``reportal build`` runs of the demo portal.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_html_cache import ISSUED_PAGE, build, tree, two_reports, uncached
from test_page_spill import add_hook
from test_snapshot_build import demo_copy

from reportal.cli.main import cli
from reportal.site.builder import (
    NO_PREFILL,
    PREFILL_MODE,
    BuildJob,
    _balance,
    _with_prefill,
    prefill_wanted,
)
from reportal.site.prefill import POPULATED

REPORTAL = Path(sys.executable).parent / "reportal"
PREFILL = (
    "import sys; from pathlib import Path; from reportal.site.prefill import prefill; "
    "print(prefill(Path(sys.argv[1])))"
)


@pytest.fixture
def frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The two-report portal (an issued and a draft report), its issued report frozen."""
    config = two_reports(tmp_path, monkeypatch)
    done = subprocess.run(
        [str(REPORTAL), "freeze", "--root", str(config.parent)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # where the prefill's own site folder goes
    return config


def run_prefill(config: Path) -> int:
    """The prefill of ``config`` in a new process, as a spare build worker runs it."""
    done = subprocess.run(
        [sys.executable, "-c", PREFILL, str(config)],
        capture_output=True, text=True, timeout=600, check=False, cwd=config.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return int(done.stdout.strip().splitlines()[-1])


def kept_pages(config: Path) -> list[Path]:
    return sorted((config.parent / ".reportal-cache/pages").glob("*.json"))


def test_the_build_takes_the_pages_a_prefill_kept_and_writes_the_same_site(
    frozen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = uncached(frozen, "plain", monkeypatch)
    assert run_prefill(frozen) == 1  # the issued report; the draft follows today's exports
    assert len(kept_pages(frozen)) == 1
    assert list(tmp_path.glob("reportal-prefill-*")) == []  # its own site folder is gone
    built, stats = build(frozen, "built", monkeypatch)
    assert stats["pages_cached"] == 1  # converted by the prefill, not by the build
    assert tree(built.site) == tree(plain.site)  # search index included
    assert "本期服务平稳" in built.page(ISSUED_PAGE)
    assert run_prefill(frozen) == 0  # kept already: nothing converted again


def test_the_build_s_mark_stops_a_prefill(frozen: Path) -> None:
    (frozen.parent / POPULATED).touch()  # the build has read every page
    assert run_prefill(frozen) == 0
    assert kept_pages(frozen) == []


def test_another_plugin_at_a_page_s_conversion_turns_the_prefill_off(frozen: Path) -> None:
    add_hook(frozen, "def on_page_content(html, **kwargs):\n    return html\n")
    assert run_prefill(frozen) == 0  # its part in a page cannot be run twice safely
    assert kept_pages(frozen) == []


def test_a_spare_worker_prefills_the_largest_edition(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_PREFILL, raising=False)
    provider = BuildJob("provider", Path("stage/provider/mkdocs.yml"), 900)
    huaxin = BuildJob("huaxin", Path("stage/huaxin/mkdocs.yml"), 30)
    assert _with_prefill(_balance([provider], 2)) == [[provider], [replace(provider, prefill=True)]]
    assert _with_prefill(_balance([provider, huaxin], 2)) == [[provider], [huaxin]]  # none spare
    assert _with_prefill(_balance([provider], 1)) == [[provider]]  # one core
    monkeypatch.setenv(NO_PREFILL, "1")
    assert _with_prefill(_balance([provider], 2)) == [[provider], []]


def test_a_prefill_is_started_only_while_the_page_cache_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(NO_PREFILL, raising=False)
    cache = tmp_path / ".reportal-cache"
    assert prefill_wanted(cache)  # a clean clone: no cache at all
    (cache / "pages").mkdir(parents=True)
    assert prefill_wanted(cache)
    (cache / "pages/0a1b.json").write_text("{}", encoding="utf-8")
    assert not prefill_wanted(cache)  # a rebuild converts only what changed: no spare worker
    assert not prefill_wanted(None)  # no cache, nowhere to keep pages
    (cache / "pages/0a1b.json").unlink()
    monkeypatch.setenv(NO_PREFILL, "1")
    assert not prefill_wanted(cache)


def test_a_job_line_names_its_config_portal_and_mode() -> None:
    job = BuildJob("provider", Path("s/mkdocs.yml"), 1, Path("t/portal.pickle"))
    assert job.line().split("\t") == ["s/mkdocs.yml", "t/portal.pickle"]
    assert replace(job, prefill=True).line().split("\t")[2] == PREFILL_MODE
    assert replace(job, portal_file=None, prefill=True).line() == f"s/mkdocs.yml\t\t{PREFILL_MODE}"


def site_files(folder: Path) -> dict[str, bytes]:
    """A built edition but its register workbook (its zip entries carry the time written)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".xlsx"
    }


@pytest.mark.slow
def test_reportal_build_prefills_on_the_spare_core_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    sites: dict[str, dict[str, bytes]] = {}
    for name, prefill in (("with", True), ("without", False)):
        root = demo_copy(tmp_path / f"portal-{name}")  # each from an empty cache
        stats = tmp_path / f"{name}.jsonl"
        with monkeypatch.context() as patch:
            patch.setenv("REPORTAL_STATS", str(stats))
            if not prefill:
                patch.setenv(NO_PREFILL, "1")
            out = tmp_path / f"site-{name}"
            args = ["build", "--root", str(root), "--no-pdf", "--edition", "provider"]
            result = CliRunner().invoke(cli, [*args, "--out", str(out)])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in stats.read_text("utf-8").splitlines()]
        prefills = [row for row in rows if row["edition"] == "prefill"]
        if prefill:  # how many pages it kept before the build reached them varies
            assert len(prefills) == 1 and prefills[0]["pages_prefilled"] >= 0
        else:
            assert prefills == []
        sites[name] = site_files(out / "provider")
    assert sites["with"] == sites["without"]
