"""Schema validation of front matter: types from strings, located messages, hints."""

from __future__ import annotations

from datetime import date
from importlib import resources
from typing import Any

from reportal.model.frontmatter import parse_front_matter
from reportal.validate.fields import load_schema, validate_fields

FILE = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
PATTERN = r"^SR-(?P<code>[A-Z0-9]+)-(?P<year>\d{4})-(?P<month>\d{2})-(?P<seq>\d{2})$"
GOOD = """---
number: SR-HUAXIN-2026-10-01
title: NO
customer: huaxin
period: 2026-10
category: regular
author: li.na
approver:
status: draft
prepared: 2026-11-03
{extra}---
"""


def validate(extra: str = ""):  # type: ignore[no-untyped-def]
    front = parse_front_matter(GOOD.format(extra=extra), FILE)
    assert front.issues == []
    return validate_fields(front, FILE, number_pattern=PATTERN)


def test_valid_front_matter_is_normalized() -> None:
    doc, issues = validate()
    assert issues == []
    assert doc is not None
    assert doc["prepared"] == date(2026, 11, 3)
    assert doc["title"] == "NO"
    assert doc["approver"] is None
    assert doc["confidentiality"] == "customer"
    assert doc["tags"] == [] and doc["data_gaps"] == []


def test_nested_unknown_field_gets_a_did_you_mean_from_its_own_level() -> None:
    _, issues = validate("data_gaps:\n  - source: calls\n    reasn: x\n")
    assert [(i.line, i.field, i.code) for i in issues] == [
        (13, "data_gaps.0.reasn", "R002"),
        (12, "data_gaps.0.reason", "R001"),
    ]
    assert issues[0].hint == "did you mean `reason`?"


def test_norway_in_an_enum_explains_itself() -> None:
    _, issues = validate("confidentiality: off\n")
    (issue,) = issues
    assert (issue.line, issue.code) == (11, "R003")
    assert '"off" is not allowed' in issue.message
    assert "never as a yes/no value" in (issue.hint or "")


def test_misspelled_enum_value_gets_did_you_mean() -> None:
    _, issues = validate("confidentiality: intern\n")
    assert issues[0].hint == "did you mean `internal`?"


def test_empty_required_value() -> None:
    front = parse_front_matter(GOOD.format(extra="").replace("title: NO", "title:"), FILE)
    _, issues = validate_fields(front, FILE, number_pattern=PATTERN)
    assert [(i.line, i.field, i.code) for i in issues] == [(3, "title", "R007")]


SCHEMAS = sorted(
    f.name.removesuffix(".yml")
    for f in resources.files("reportal.model.schemas").iterdir()
    if f.name.endswith(".yml")
)


def test_every_schema_field_is_documented() -> None:
    assert "sources" in SCHEMAS  # data/sources.yml has a schema as data like the others
    for name in SCHEMAS:
        for field, rules in load_schema(name).items():
            assert rules.get("meta", {}).get("description"), f"{name}.{field} has no description"


def _metas(node: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return []
    found = [(path, node["meta"])] if isinstance(node.get("meta"), dict) else []
    for key, value in node.items():
        found += _metas(value, f"{path}.{key}") if key != "meta" else []
    return found


def test_meta_holds_only_description_and_example() -> None:
    """A comma in an unquoted flow-mapping description would silently split it into keys."""
    for name in SCHEMAS:
        for path, meta in _metas(load_schema(name), name):
            assert set(meta) <= {"description", "example"}, f"{path}: {meta}"
            assert isinstance(meta.get("description"), str), path


def test_a_checked_validator_checks_its_schema_once_and_every_document() -> None:
    import pytest
    from cerberus.schema import SchemaError

    from reportal.validate.fields import checked_validator

    schema = {"a": {"type": "integer", "required": True}, "b": {"type": "list"}}
    validator = checked_validator(schema)
    assert not validator.validate({"a": "x"})
    assert set(validator.errors) == {"a"}
    assert validator.validate({"a": 1, "b": [1]})  # the same validator, a clean document
    assert not validator.validate({"b": 2})
    assert set(validator.errors) == {"a", "b"}
    assert validator.schema["a"] == schema["a"]  # normalising left the schema as it was
    with pytest.raises(SchemaError):
        checked_validator({"a": {"type": "no such type"}})
