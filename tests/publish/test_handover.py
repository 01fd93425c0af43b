"""The provider edition's build worker gets the portal its parent loaded and checked
(publish/atomic.py ``_handed_over``, kpi/checks.py ``hand_over``) instead of reading its stage
again: what it gets must be what it would have read."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from reportal.kpi import engine
from reportal.kpi.checks import check_all, hand_over
from reportal.kpi.shared import shared_engine
from reportal.kpi.sources_file import load_sources
from reportal.portal.editions import resolve_editions
from reportal.publish.atomic import _handed_over
from reportal.publish.staging import stage_edition
from reportal.validate.portal import load_portal
from site_builds import REPO_ROOT


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    for name in ("mkdocs.yml", "reportal.yml", "docs", "data", "macros", "reports"):
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("dev"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def test_the_handed_over_portal_is_the_stage_as_the_worker_reads_it(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portal = check_all(demo)
    (provider,), _ = resolve_editions(portal, "provider")
    stage, work = tmp_path / "work/stage/provider", tmp_path / "work"
    stage_edition(portal, provider, stage, tmp_path / "out")
    handed = _handed_over(portal, provider, stage, work)
    assert handed is not None and not handed.is_relative_to(stage)  # never a file of the stage
    staged, sources = pickle.loads(handed.read_bytes())

    read = load_portal(stage, staged=True)  # what the worker read before
    assert staged.root == stage and staged.staged and staged.issues == read.issues == []
    assert staged.reports == read.reports
    assert staged.snapshot_files == read.snapshot_files
    assert {p: s.header for p, s in staged.snapshots.items()} == {
        p: s.header for p, s in read.snapshots.items()
    }
    frozen = [r for r in staged.reports if staged.frozen(r) is not None]
    assert frozen and all(staged.snapshot(r) == read.snapshot(r) for r in frozen)
    assert sources == load_sources(stage, set(portal.registry.customers))

    hand_over(staged, sources)  # as the worker does: its plugin's check_all and engine use them
    monkeypatch.setattr(engine, "load_sources", _refuse)  # a handed-over engine never reads it
    assert check_all(stage, data_checks=False) is staged
    assert shared_engine(stage, staged.registry).sources is sources


def test_a_customer_edition_reads_its_own_stage(demo: Path, tmp_path: Path) -> None:
    portal = check_all(demo)
    editions, _ = resolve_editions(portal, "all")
    customer = next(e for e in editions if e.customer is not None)
    assert _handed_over(portal, customer, tmp_path / "stage", tmp_path) is None


def _refuse(*_: object) -> None:
    raise AssertionError("data/sources.yml was read again")
