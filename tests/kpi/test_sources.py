"""data/sources.yml is itself validated: every problem is an Issue on its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from kpi_fixtures import REGISTRY_FILES, write

from reportal.issues import render_text
from reportal.kpi.canonical import ISO8601
from reportal.kpi.sources_file import load_sources
from reportal.model import frontmatter
from reportal.validate.fields import load_schema


def sources(tmp_path: Path, repo_root: Path, text: str) -> list[str]:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    root = write(tmp_path, {**registry, "data/sources.yml": text})
    return [render_text(i) for i in load_sources(root, {"huaxin", "dingsheng"}).issues]


def test_demo_sources_are_valid(repo_root: Path) -> None:
    loaded = load_sources(repo_root, {"huaxin", "dingsheng"})
    assert loaded.issues == []
    assert sorted(loaded.sources["dingsheng"]) == [
        "actions",
        "availability",
        "calls",
        "surveys",
        "tickets",
    ]
    assert loaded.sources["huaxin"]["tickets"].collapse_order == ("update_counter", "updated_at")


def test_schema_errors_name_the_line(tmp_path: Path, repo_root: Path) -> None:
    text = (
        "huaxin:\n"
        "  tickets:\n"
        "    path: x.csv\n"
        "    encoding: latin-1\n"
        "    colour: red\n"
        "    columns: {a: id, b: opened, c: priority}\n"
    )
    assert sources(tmp_path, repo_root, text) == [
        "data/sources.yml:5: huaxin.tickets.colour: unknown field [D101]",
        "data/sources.yml:4: huaxin.tickets.encoding: unallowed value latin-1 [D101]",
    ]


def test_mapping_must_cover_required_columns(tmp_path: Path, repo_root: Path) -> None:
    text = (
        "dingsheng:\n  calls:\n    path: exports/dingsheng/c.csv\n"
        "    columns: {a: interval_start, b: offerd}\n"
    )
    assert sources(tmp_path, repo_root, text) == [
        'data/sources.yml:4: dingsheng.calls.columns.b: "offerd" is not a column of the calls '
        "table (expected one of: interval_start, offered, answered, answered_within, abandoned, "
        "handle_seconds, wait_seconds, shift, queue) [D101]",
        'data/sources.yml:4: dingsheng.calls.columns: no source column is mapped to "offered", '
        "which the calls table requires [D101]",
        'data/sources.yml:4: dingsheng.calls.columns: no source column is mapped to "answered", '
        "which the calls table requires [D101]",
    ]


def test_unknown_customer_and_table(tmp_path: Path, repo_root: Path) -> None:
    text = "acme:\n  tickets: {path: t.csv, columns: {}}\nhuaxin:\n  incidents: {path: x}\n"
    assert sources(tmp_path, repo_root, text) == [
        'data/sources.yml:1: acme: unknown customer "acme" [D101]\n'
        "  hint: use a key of data/customers.yml",
        "data/sources.yml:4: huaxin.incidents: unknown field [D101]",
    ]


def test_the_source_schema_is_data_like_the_other_registry_files() -> None:
    # model/schemas/sources.yml, no longer a dict in Python; its default date format is the
    # engine's "ISO 8601 only" (SourceSpec's default)
    schema = load_schema("sources")
    assert schema["date_format"]["default"] == ISO8601
    assert set(schema) >= {"path", "columns", "encoding", "duplicates", "collapse"}


def test_a_file_that_is_not_utf8_is_an_issue_not_a_crash(tmp_path: Path, repo_root: Path) -> None:
    registry = {rel: (repo_root / rel).read_text(encoding="utf-8") for rel in REGISTRY_FILES}
    root = write(tmp_path, {**registry, "data/sources.yml": "# 数据源\n".encode("gb18030")})
    [issue] = load_sources(root, {"huaxin"}).issues
    assert (issue.file, issue.code) == ("data/sources.yml", "D101")
    assert issue.message.startswith("cannot be read as UTF-8 text")


def test_the_file_is_read_through_libyaml_in_one_parse(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sources.yml of a thousand reports' customers took 0.7 s in PyYAML's own parser
    (read twice, for the data and for the lines); libyaml reads it once (issue 10, speed)."""
    if frontmatter._C_SAFE_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    expected = load_sources(repo_root, {"huaxin", "dingsheng"})
    monkeypatch.setattr(yaml, "SafeLoader", None)  # PyYAML's own parser: not used
    monkeypatch.setattr(yaml, "compose", None)
    assert load_sources(repo_root, {"huaxin", "dingsheng"}) == expected


@pytest.mark.parametrize("libyaml", [True, False])
def test_a_syntax_error_keeps_pyyaml_s_message_and_line(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch, libyaml: bool
) -> None:
    if not libyaml:
        monkeypatch.setattr(frontmatter, "_C_SAFE_LOADER", None)
    text = "huaxin:\n  tickets:\n    path: a: b\n"
    assert sources(tmp_path, repo_root, text) == [
        "data/sources.yml:3: not valid YAML: mapping values are not allowed here [D101]"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-30", "not valid YAML: day is out of range for month"),
        ("a\x07b", "not valid YAML: unacceptable character #x0007: special characters are not"),
    ],
)
def test_a_value_yaml_cannot_build_is_an_issue_not_a_crash(
    tmp_path: Path, repo_root: Path, value: str, expected: str
) -> None:
    text = f"huaxin:\n  tickets:\n    path: x.csv\n    constants: {{opened: {value}}}\n"
    (found,) = sources(tmp_path, repo_root, text)
    assert found.startswith(f"data/sources.yml:4: {expected}")  # the line of the value


def test_the_date_that_is_not_real_is_named_by_its_line(tmp_path: Path, repo_root: Path) -> None:
    """Only the value PyYAML cannot build is pointed at, not the first date of the file."""
    text = (
        "huaxin:\n  tickets:\n    path: x.csv\n    constants:\n"
        "      opened: 2026-01-31\n      closed: 2026-02-30\n"
    )
    (found,) = sources(tmp_path, repo_root, text)
    assert found.startswith("data/sources.yml:6: not valid YAML: day is out of range for month")
