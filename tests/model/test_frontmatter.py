"""The front-matter reader: strings stay strings, lines are kept, nothing is silently dropped."""

from __future__ import annotations

import pytest
import yaml
from yaml.nodes import MappingNode, Node

from reportal.model import frontmatter
from reportal.model.frontmatter import (
    parse_front_matter,
    parse_yaml_document,
    safe_load_with,
    split_front_matter,
)

FILE = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_front_matter(text, FILE)


def codes(text: str) -> list[tuple[int | None, str]]:
    return [(i.line, i.code) for i in parse(text).issues]


@pytest.mark.parametrize(
    "value",
    ["NO", "no", "on", "off", "yes", "Y", "true", "0012", "1e3", "0x1F", "2024-02-30", "12:30"],
)
def test_scalars_stay_text(value: str) -> None:
    front = parse(f"---\ntitle: {value}\ntags: [{value}]\n---\n")
    assert front.data == {"title": value, "tags": [value]}
    assert front.issues == []


def test_quoted_text_keeps_quotes_out() -> None:
    assert parse("---\ntitle: 'NO'\nperiod: \"2026-10\"\n---\n").data == {
        "title": "NO",
        "period": "2026-10",
    }


def test_unquoted_null_forms_are_none_but_quoted_ones_are_text() -> None:
    front = parse("---\na:\nb: ~\nc: null\nd: ''\ne: 'null'\n---\n")
    assert front.data == {"a": None, "b": None, "c": None, "d": "", "e": "null"}


def test_lines_of_fields_items_and_nested_keys() -> None:
    text = (
        "---\nnumber: X\ntags:\n  - a\n  - b\n"
        "data_gaps:\n  - source: calls\n    reason: r\n---\nbody\n"
    )
    front = parse(text)
    assert front.lines["number"] == 2
    assert front.lines["tags"] == 3
    assert front.lines["tags.1"] == 5
    assert front.lines["data_gaps.0.reason"] == 8
    assert front.line_of("data_gaps.0.nonexistent") == 7
    assert front.line_of("missing") == 1
    assert front.body == "body\n"
    assert front.body_line == 10


def test_body_line_counts_the_fences() -> None:
    front = parse("---\na: b\n---\n\n# T\n")
    assert front.body_line == 4
    assert front.body.splitlines()[1] == "# T"


def test_duplicate_key_is_an_error_with_both_lines() -> None:
    front = parse("---\nstatus: approved\ntitle: t\nstatus: draft\n---\n")
    (issue,) = front.issues
    assert (issue.line, issue.field, issue.code) == (4, "status", "F005")
    assert "first given on line 2" in issue.message
    assert front.data["status"] == "approved"


def test_nested_duplicate_key() -> None:
    issues = parse("---\ndata_gaps:\n  - source: a\n    source: b\n---\n").issues
    assert [(i.line, i.field, i.code) for i in issues] == [(4, "data_gaps.0.source", "F005")]


def test_invalid_date_text_is_kept_for_the_schema_to_judge() -> None:
    assert parse("---\nprepared: 2024-02-30\n---\n").data == {"prepared": "2024-02-30"}


def test_front_matter_must_start_on_line_1() -> None:
    assert codes("\n---\na: b\n---\n") == [(2, "F001")]
    assert codes("   ---\na: b\n---\n") == [(1, "F001")]
    assert codes("# Title\n\ntext\n") == [(1, "F001")]
    assert codes("") == [(1, "F001")]


def test_indented_fence_message_says_so() -> None:
    (issue,) = parse("  ---\na: b\n---\n").issues
    assert "indented" in issue.message


def test_unclosed_fence() -> None:
    (issue,) = parse("---\ntitle: x\n\n# Body\n").issues
    assert (issue.line, issue.code) == (1, "F002")


def test_empty_front_matter_is_an_empty_mapping() -> None:
    front = parse("---\n---\ntext\n")
    assert (front.data, front.issues, front.body, front.body_line) == ({}, [], "text\n", 3)


def test_yaml_error_keeps_its_line_and_column() -> None:
    (issue,) = parse("---\nnumber: X\ntitle: a: b\n---\n").issues
    assert (issue.line, issue.code, issue.column) == (3, "F004", 9)
    assert "quoted" in (issue.hint or "")


def test_unclosed_quote() -> None:
    (issue,) = parse('---\nnumber: X\ntitle: "abc\nstatus: draft\n---\n').issues
    assert issue.code == "F004"
    assert issue.line is not None and issue.line >= 3


def test_tab_indentation() -> None:
    (issue,) = parse("---\ntags:\n\t- a\n---\n").issues
    assert (issue.line, issue.code) == (3, "F004")
    assert "tabs" in (issue.hint or "")


def test_bom_and_crlf() -> None:
    front = parse("\ufeff---\r\nnumber: X\r\ntitle: T\r\n---\r\nbody\r\n")
    assert front.data == {"number": "X", "title": "T"}
    assert front.lines == {"number": 2, "title": 3}
    assert front.body_line == 5
    assert front.issues == []


def test_top_level_list_is_rejected() -> None:
    assert codes("---\n- a\n---\n") == [(2, "F003")]


def test_non_scalar_key_is_rejected() -> None:
    assert [c for _, c in codes("---\n? [a, b]\n: c\n---\n")] == ["F003"]


def test_aliases_are_rejected_in_front_matter() -> None:
    issues = parse("---\nauthor: &p li.na\napprover: *p\n---\n").issues
    assert [(i.line, i.field, i.code) for i in issues] == [(3, "approver", "F006")]


def test_alias_bomb_stops() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    doc = parse_yaml_document("\n".join(lines) + "\n", "data/x.yml")
    assert any(i.code == "F006" for i in doc.issues)


def test_recursive_alias_stops() -> None:
    doc = parse_yaml_document("a: &a [*a]\n", "data/x.yml")
    assert [i.code for i in doc.issues] == ["F006"]


def test_registry_documents_allow_aliases_and_count_lines_from_1() -> None:
    doc = parse_yaml_document("x: &s {a: 1}\ny: *s\n", "data/customers.yml")
    assert doc.data == {"x": {"a": "1"}, "y": {"a": "1"}}
    assert doc.lines["y"] == 2
    assert doc.issues == []


def test_registry_syntax_error_keeps_the_mark() -> None:
    (issue,) = parse_yaml_document("a: 1\nb: [\n", "data/people.yml", code="D002").issues
    assert (issue.file, issue.code) == ("data/people.yml", "D002")
    assert issue.line == 3


def test_split_accepts_dots_as_closing_fence() -> None:
    assert split_front_matter("---\na: b\n...\nbody") == ("a: b\n", "body", 4)


def test_oversized_front_matter_is_one_issue_not_parsed() -> None:
    text = "---\ntitle: '" + "报" * 70_000 + "'\n---\nbody\n"
    front = parse_front_matter(text, "r.md")
    assert [(i.line, i.code) for i in front.issues] == [(2, "F008")]
    assert "limit is 65,536" in front.issues[0].message and front.data == {}


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_nesting_is_an_issue_at_its_line_not_a_recursion_error(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    text = "---\ntitle: x\ntags: " + opening * 5000 + closing * 5000 + "\n---\n"
    front = parse_front_matter(text, "r.md")
    assert [(i.line, i.code) for i in front.issues] == [(3, "F008")]


def test_nesting_within_the_limit_and_brackets_in_text_pass() -> None:
    text = "a: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\nb: " + "[" * 30 + "]" * 30 + "\n"
    assert parse_yaml_document(text, "data/x.yml").issues == []


MERGED = "base: &b\n  x: 1\nc:\n  <<: *b\n  z: 3\nd: [2026-10-01, 'no', on]\n"


def keys_and_lines(node: Node | None) -> list[tuple[str, int]]:
    assert isinstance(node, MappingNode)
    return [(key.value, key.start_mark.line + 1) for key, _ in node.value]


def test_safe_load_with_libyaml_reads_what_pyyaml_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """One parse gives ``yaml.safe_load``'s data and the document as written (``<<`` still in
    it), through libyaml when PyYAML has it."""
    if frontmatter._C_SAFE_LOADER is None:
        pytest.skip("PyYAML without libyaml")
    fast = safe_load_with(MERGED, keys_and_lines)
    assert fast == (yaml.safe_load(MERGED), [("base", 1), ("c", 3), ("d", 6)])
    monkeypatch.setattr(yaml, "SafeLoader", None)  # libyaml only: PyYAML's parser is not used
    assert safe_load_with(MERGED, keys_and_lines) == fast


def test_safe_load_with_pyyaml_alone_and_its_error_messages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def problem(text: str) -> tuple[str | None, int]:
        with pytest.raises(yaml.MarkedYAMLError) as raised:
            safe_load_with(text, keys_and_lines)
        assert raised.value.problem_mark is not None
        return raised.value.problem, raised.value.problem_mark.line

    # libyaml says "mapping values are not allowed in this context": PyYAML's words are kept
    assert problem("a: 1\nb: c: d\n") == ("mapping values are not allowed here", 1)
    expected = safe_load_with(MERGED, keys_and_lines)
    monkeypatch.setattr(frontmatter, "_C_SAFE_LOADER", None)  # a PyYAML built without libyaml
    assert safe_load_with(MERGED, keys_and_lines) == expected
    assert problem("a: 1\nb: c: d\n") == ("mapping values are not allowed here", 1)
