"""Fuzzing `check` (hypothesis, bounded to about a minute): random front matter and random CSV
cells never make an exception escape, and every issue names a file and a line."""

from __future__ import annotations

import csv
import io
import shutil
import string
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportal.issues import Issue, render_text
from reportal.kpi.checks import check_all

REPO_ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ("reportal.yml", "data/customers.yml", "data/people.yml", "data/plan.yml",
            "data/calendars.yml")  # fmt: skip
REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
FIELDS = ["number", "title", "customer", "period", "category", "author", "approver", "status",
          "prepared", "approved_on", "issued", "tags", "supersedes", "amendment_reason",
          "data_gaps", "confidentiality", "x"]  # fmt: skip
GOOD = {
    "number": "SR-HUAXIN-2026-10-01",
    "title": "华信银行 2026 年 10 月 IT 运维服务报告",
    "customer": "huaxin",
    "period": "2026-10",
    "category": "regular",
    "author": "li.na",
    "approver": "wang.qiang",
    "status": "approved",
    "prepared": "2026-11-03",
    "approved_on": "2026-11-05",
    "issued": "2026-11-06",
}
SOURCES = """\
huaxin:
  availability:
    path: exports/huaxin/a.csv
    date_format: "%Y-%m-%d"
    columns: {date: date, system: system, down: downtime_minutes}
  actions:
    path: exports/huaxin/b.csv
    date_format: "%Y-%m-%d"
    columns: {id: id, report: raised_in, title: title, status: status, due: due}
"""
YAML_TEXT = string.printable + "：，“”０１٠١\u00a0\u2028{}[]&*!|>'\"%@`#-?:,报告"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as temp:
        portal = Path(temp) / "portal"
        for rel in REGISTRY:
            (portal / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(REPO_ROOT / rel, portal / rel)
        (portal / "reports/huaxin/2026").mkdir(parents=True)
        (portal / "data/exports/huaxin").mkdir(parents=True)
        yield portal


def scalar() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(YAML_TEXT, max_size=30),
        st.sampled_from(
            [
                "",
                "~",
                "null",
                "no",
                "2026-02-30",
                "2026-10",
                "０１",
                "[",
                "{{ x }}",
                "<b>x</b>",
                "&#123;&#123;",
                "'",
                '"',
                "- a",
                "*a",
                "&a x",
            ]
        ),
    )


values = st.recursive(
    scalar(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=3)
    ),
    max_leaves=8,
)


def yaml_value(value: object, indent: str = "") -> str:
    """A YAML rendering that keeps random text raw (quoting is part of what is fuzzed)."""
    if isinstance(value, list):
        return "".join(f"\n{indent}  - {yaml_value(v, indent + '    ')}" for v in value) or "[]"
    if isinstance(value, dict):
        items = "".join(
            f"\n{indent}  {k}: {yaml_value(v, indent + '  ')}" for k, v in value.items()
        )
        return items or "{}"
    return str(value)


def assert_located(issues: list[Issue]) -> None:
    for issue in issues:
        assert issue.file and issue.line is not None, render_text(issue)
        assert "Traceback" not in issue.message


@SETTINGS
@given(
    changes=st.dictionaries(st.sampled_from(FIELDS), values, max_size=4),
    removed=st.sets(st.sampled_from(list(GOOD)), max_size=2),
    body=st.text(YAML_TEXT, max_size=60),
)
def test_random_front_matter(
    root: Path, changes: dict[str, object], removed: set[str], body: str
) -> None:
    fields = {k: v for k, v in {**GOOD, **changes}.items() if k not in removed}
    head = "".join(f"{key}: {yaml_value(value)}\n" for key, value in fields.items())
    (root / REPORT).write_text(f"---\n{head}---\n\n{body}\n", "utf-8")
    (root / "data/sources.yml").unlink(missing_ok=True)
    assert_located(check_all(root).issues)


@SETTINGS
@given(
    fields=st.text(YAML_TEXT, max_size=400),
    raw=st.booleans(),
    cells=st.lists(st.lists(st.text(YAML_TEXT, max_size=12), min_size=3, max_size=6), max_size=6),
)
@example(fields="a: [", raw=True, cells=[["", "", "", "", "\r", ""]])  # was a csv.Error crash
def test_random_front_matter_text_and_csv_cells(
    root: Path, fields: str, raw: bool, cells: list[list[str]]
) -> None:
    (root / REPORT).write_text(f"---\n{fields}\n---\nbody\n", "utf-8")
    (root / "data/sources.yml").write_text(SOURCES, "utf-8")
    for name, header in (("a.csv", ["date", "system", "down"]),
                         ("b.csv", ["id", "report", "title", "status", "due"])):  # fmt: skip
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(cells)
        text = out.getvalue() if not raw else "\n".join(",".join(row) for row in [header, *cells])
        (root / "data/exports/huaxin" / name).write_text(text, "utf-8")
    assert_located(check_all(root).issues)
