"""A whole-portal check keeps data/sources.yml's validated declarations by the file's hash
(kpi/sources_file.py, ``sources.pickle``): an unchanged file is not validated again, a changed
one is, and the export paths are checked on disk every time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from call_counter import count_calls
from reportal.issues import Issue
from reportal.kpi import sources_file
from reportal.kpi.sources_file import load_sources

CUSTOMERS = {"huaxin", "dingsheng"}


@pytest.fixture
def root(tmp_portal: Callable[..., Path]) -> Path:
    return tmp_portal(with_data=True)


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    return count_calls(monkeypatch, sources_file, "_validate")


def test_an_unchanged_file_is_validated_once(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "cache"
    plain = load_sources(root, CUSTOMERS)  # without the memo
    calls = count_validations(monkeypatch)
    first = load_sources(root, CUSTOMERS, memo)
    again = load_sources(root, CUSTOMERS, memo)
    assert len(calls) == 1 and (memo / "sources.pickle").is_file()
    assert again == first == plain
    again.issues.append(Issue("x", None, None, "X001", "a caller's own issue"))
    assert load_sources(root, CUSTOMERS, memo) == plain  # the memo's list is not the caller's
    (root / "data/sources.yml").write_text(
        (root / "data/sources.yml").read_text("utf-8") + "\n# edited\n", "utf-8"
    )
    load_sources(root, CUSTOMERS, memo)
    assert len(calls) == 2
    load_sources(root, {"huaxin"}, memo)  # other customers: another entry
    assert len(calls) == 3


def test_the_paths_are_checked_on_disk_every_time(root: Path, tmp_path: Path) -> None:
    memo = tmp_path / "cache"
    assert not [i for i in load_sources(root, CUSTOMERS, memo).issues if i.code == "D107"]
    huaxin = root / "data/exports/huaxin"
    target = huaxin / "availability.csv"
    shutil.move(target, tmp_path / "outside.csv")
    target.symlink_to(tmp_path / "outside.csv")  # the same file, now leading outside
    found = [i for i in load_sources(root, CUSTOMERS, memo).issues if i.code == "D107"]
    assert found and "outside" in found[0].message
