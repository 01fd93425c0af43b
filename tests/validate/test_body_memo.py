"""Bodies checked once (issue 10, speed): an unchanged body is not parsed again on the next
check, and an edited one is checked in full."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reportal.issues import Issue
from reportal.kpi.checks import check_all, check_portal
from reportal.model.macros import ALLOWED_MACROS
from reportal.validate import body
from reportal.validate.body_memo import MEMO_FILE

ISSUED = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The bodies Jinja parses from here on (every parse of the body checks is counted)."""
    seen: list[str] = []
    real = body._ENV.parse

    def counted(source: str, *args: object, **kwargs: object) -> object:
        seen.append(source)
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(body._ENV, "parse", counted)
    yield seen


def body_issues(root: Path) -> list[Issue]:
    return [issue for issue in check_portal(root).issues if issue.code.startswith("B")]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unchanged_bodies_are_not_parsed_again_and_give_the_same_issues(
    tmp_portal: Callable[..., Path], parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_portal(with_demo_reports=True)
    edit(root, ISSUED, "\n## ", "\n{{ customer }}\n\n## ")  # an issue kept in the memo
    first = body_issues(root)
    assert (root / ".reportal-cache" / MEMO_FILE).is_file()
    assert [(i.file, i.code) for i in first] == [(ISSUED, "B003")]
    count = len(parses)
    assert count >= len(check_portal(root).reports)  # every body parsed once
    parses.clear()
    assert body_issues(root) == first
    assert parses == []
    monkeypatch.setenv("REPORTAL_NO_PAGE_CACHE", "1")  # memos off: every body parsed again
    assert body_issues(root) == first
    assert len(parses) == count


def test_an_edit_that_adds_an_error_is_caught_on_the_next_check(
    tmp_portal: Callable[..., Path], parses: list[str]
) -> None:
    root = tmp_portal(with_demo_reports=True)
    assert body_issues(root) == []
    parses.clear()
    edit(root, ISSUED, "\n## ", "\n{% set x = 1 %}\n\n## ")
    (issue,) = body_issues(root)
    lines = (root / ISSUED).read_text(encoding="utf-8").splitlines()
    assert issue.file == ISSUED and issue.code == "B002"
    assert lines[issue.line - 1] == "{% set x = 1 %}"
    assert len(parses) == 1  # only the edited body


def test_a_front_matter_edit_above_a_kept_body_moves_its_issue_lines(
    tmp_portal: Callable[..., Path], parses: list[str]
) -> None:
    root = tmp_portal(with_demo_reports=True)
    edit(root, ISSUED, "\n## ", "\n{{ customer }}\n\n## ")
    (before,) = body_issues(root)
    parses.clear()
    tags = "\ntags:\n  - 月报\n  - IT 运维\n  - 国庆保障\n  - 年终决算准备\n"
    edit(root, ISSUED, "\ntags: [月报, IT 运维, 国庆保障, 年终决算准备]\n", tags)  # 4 lines more
    (after,) = body_issues(root)
    assert after.line == before.line + 4
    assert parses == []  # the body did not change


def test_the_macro_calls_of_checked_bodies_are_not_parsed_again(
    tmp_portal: Callable[..., Path], parses: list[str]
) -> None:
    root = tmp_portal(with_demo_reports=True, with_data=True)
    check_all(root)
    parses.clear()
    portal = check_all(root)  # body checks from the memo, macro-call checks from the same
    assert not [i for i in portal.issues if i.is_error]
    assert parses == []
    report = next(r for r in portal.reports if r.path == ISSUED)
    assert body.macro_calls(report.body) and parses == []


def test_another_macro_allow_list_does_not_reuse_the_memo(
    tmp_portal: Callable[..., Path], parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_portal(with_demo_reports=True)
    assert body_issues(root) == []
    parses.clear()
    assert body_issues(root) == [] and parses == []  # kept
    fewer = {name: spec for name, spec in ALLOWED_MACROS.items() if name != "kpi_table"}
    monkeypatch.setattr(body, "ALLOWED_MACROS", fewer)  # (the registry's order is kept)
    assert {issue.code for issue in body_issues(root)} == {"B004"}


def test_the_memo_keeps_only_the_bodies_of_the_last_check(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal(with_demo_reports=True)
    count = len(check_portal(root).reports)
    (root / ISSUED).unlink()
    check_portal(root)
    memo = root / ".reportal-cache" / MEMO_FILE
    assert len(pickle.loads(memo.read_bytes())[1]) == count - 1
