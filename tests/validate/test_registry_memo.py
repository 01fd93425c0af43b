"""A whole-portal read keeps what the registry files gave (validate/registry_checks.py,
``registry.pickle``): unchanged files are not validated again; a change to any of the five
files reads them all again; the result is the same as without the memo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from call_counter import count_calls
from reportal.validate import registry_checks
from reportal.validate.registry_checks import load_registry


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    return count_calls(monkeypatch, registry_checks, "_load_data")


@pytest.mark.parametrize("edited", ["reportal.yml", "data/customers.yml", "data/plan.yml"])
def test_unchanged_files_are_read_once_and_any_change_reads_again(
    edited: str,
    tmp_portal: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root, memo = tmp_portal(), tmp_path / "cache"
    plain = load_registry(root)
    calls = count_reads(monkeypatch)
    assert load_registry(root, memo) == plain
    assert load_registry(root, memo) == plain and len(calls) == 1
    assert (memo / "registry.pickle").is_file()
    path = root / edited
    path.write_text(path.read_text("utf-8") + "\n# edited\n", "utf-8")
    load_registry(root, memo)
    assert len(calls) == 2


def test_issues_come_back_from_the_memo_as_found(
    tmp_portal: Callable[..., Path], tmp_path: Path
) -> None:
    root, memo = tmp_portal(), tmp_path / "cache"
    people = root / "data/people.yml"
    people.write_text(people.read_text("utf-8") + "\nbad id!: {name: x}\n", "utf-8")
    plain = load_registry(root)
    assert plain[1]  # the bad entry is reported
    first = load_registry(root, memo)
    first[1].clear()  # a caller's list is its own
    assert load_registry(root, memo) == plain
