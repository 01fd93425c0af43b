"""Bad-input cases (Quarto style): ``tests/cases/<name>.md`` + ``<name>.expect.yml``, or a folder
``tests/cases/<name>/`` holding files at their portal paths plus ``expect.yml``.

A single-file case is placed at ``DEFAULT_PATH``; an expectation is a list of
``{line, field, code}`` (``file`` defaults to the case's path; optional ``message`` / ``hint`` are
substrings the issue's text must contain).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportal.issues import Issue

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
DEFAULT_PATH = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
# Codes of the validation layer; data checks (kpi layer) may add others for a portal without data.
VALIDATION_PREFIXES = ("F", "R", "X", "B", "D0", "O0")


@dataclass(frozen=True)
class Case:
    name: str
    files: dict[str, str]  # portal-relative path -> text
    expect: list[dict[str, Any]]


def load_cases() -> list[Case]:
    cases = [_single(path) for path in sorted(CASES_DIR.glob("*.md"))]
    cases += [_folder(path) for path in sorted(CASES_DIR.iterdir()) if path.is_dir()]
    return sorted(cases, key=lambda c: c.name)


def _single(path: Path) -> Case:
    text = path.read_bytes().decode("utf-8")
    expect = yaml.safe_load(path.with_suffix(".expect.yml").read_text("utf-8")) or []
    for row in expect:
        row.setdefault("file", DEFAULT_PATH)
    return Case(path.stem, {DEFAULT_PATH: text}, expect)


def _folder(path: Path) -> Case:
    files = {
        p.relative_to(path).as_posix(): p.read_bytes().decode("utf-8")
        for p in sorted(path.rglob("*"))
        if p.is_file() and p.name != "expect.yml"
    }
    expect = yaml.safe_load((path / "expect.yml").read_text("utf-8")) or []
    return Case(path.name, files, expect)


def write_case(root: Path, case: Case) -> None:
    """Write the case's files into the portal at ``root`` (bytes kept: BOM, CRLF)."""
    for rel, text in case.files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def validation_issues(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.code.startswith(VALIDATION_PREFIXES)]


def key(row: dict[str, Any]) -> tuple[str, int | None, str | None, str]:
    return (row["file"], row["line"], row["field"], row["code"])


def issue_key(issue: Issue) -> tuple[str, int | None, str | None, str]:
    return (issue.file, issue.line, issue.field, issue.code)
