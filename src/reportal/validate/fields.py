"""Field validation: a front-matter mapping -> normalized document + Issues with lines.

cerberus does the declarative part (``model/schemas/report.yml``); this module turns its flat
``ValidationError`` list into Issues that name file, line and field, with a did-you-mean for
unknown keys.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml
from cerberus import Validator
from cerberus.errors import ValidationError

from reportal.issues import Issue
from reportal.model.frontmatter import FrontMatter
from reportal.model.period import parse_period

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A cerberus schema from ``model/schemas/<name>.yml`` (``meta`` kept for the docs)."""
    text = resources.files("reportal.model.schemas").joinpath(f"{name}.yml").read_text("utf-8")
    schema: dict[str, Any] = yaml.safe_load(text)
    return schema


class ReportValidator(Validator):  # type: ignore[misc]
    """cerberus validator with Reportal's coercers and ``check_with`` rules."""

    number_regex: re.Pattern[str] | None = None

    def _normalize_coerce_iso_date(self, value: Any) -> Any:
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                return value  # left a string: the `type: date` rule reports it
        return value

    def _check_with_period(self, field: str, value: Any) -> None:
        try:
            parse_period(str(value))
        except ValueError as error:
            self._error(field, str(error))

    def _check_with_report_number(self, field: str, value: Any) -> None:
        pattern = self.number_regex
        if pattern is not None and not pattern.match(str(value)):
            self._error(field, f'"{value}" does not match the number pattern {pattern.pattern}')


def validate_fields(
    front: FrontMatter, file: str, schema_name: str = "report", number_pattern: str | None = None
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Validate ``front.data``; return the normalized document (None if invalid) and Issues."""
    schema = load_schema(schema_name)
    validator = ReportValidator(_strip_meta(schema))
    validator.number_regex = re.compile(number_pattern) if number_pattern else None
    if validator.validate(front.data):
        return validator.document, []
    issues = [
        issue
        for error in _leaf_errors(validator._errors)
        for issue in [_error_to_issue(error, front, file, schema)]
    ]
    return None, issues


def _strip_meta(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_meta(v) for k, v in schema.items() if k != "meta"}
    if isinstance(schema, list):
        return [_strip_meta(v) for v in schema]
    return schema


def _leaf_errors(errors: list[ValidationError]) -> list[ValidationError]:
    leaves: list[ValidationError] = []
    for error in errors:
        if error.is_group_error:
            leaves.extend(_leaf_errors(error.child_errors or []))
        else:
            leaves.append(error)
    return leaves


def _error_to_issue(
    error: ValidationError, front: FrontMatter, file: str, schema: dict[str, Any]
) -> Issue:
    path = ".".join(str(p) for p in error.document_path)
    top = str(error.document_path[0]) if error.document_path else ""
    line = front.line_of(path)
    rule = error.rule
    value = error.value
    if rule == "required":
        return Issue(file, 1, path, "R001", "required field is missing", hint=_example(schema, top))
    if rule is None and error.code == 0x03:  # unknown field
        return Issue(file, line, path, "R002", "unknown field", hint=_did_you_mean(top, schema))
    if rule == "allowed":
        allowed = ", ".join(str(a) for a in error.constraint)
        return Issue(file, line, path, "R003", f'"{value}" is not allowed (expected one of: {allowed})')
    if rule == "type" and error.constraint == "date":
        return Issue(
            file, line, path, "R004", f'"{value}" is not a valid date (expected YYYY-MM-DD)'
        )
    if rule == "type":
        return Issue(file, line, path, "R005", f"expected a {error.constraint}, found {value!r}")
    if error.code == 0x00 or rule == "check_with":  # custom error from a check_with rule
        message = str(error.info[0]) if error.info else f"invalid value {value!r}"
        return Issue(file, line, path, "R006", message, hint=_example(schema, top))
    if rule == "empty":
        return Issue(file, line, path, "R007", "must not be empty")
    if rule == "nullable":
        return Issue(file, line, path, "R007", "must have a value")
    if rule == "regex":
        return Issue(file, line, path, "R008", f'"{value}" has an invalid format')
    return Issue(file, line, path, "R009", f"invalid value {value!r} ({rule}: {error.constraint})")


def _did_you_mean(key: str, schema: dict[str, Any]) -> str | None:
    close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return "known fields: " + ", ".join(schema)


def _example(schema: dict[str, Any], key: str) -> str | None:
    meta = schema.get(key, {}).get("meta", {})
    if "example" in meta:
        return f"for example `{key}: {meta['example']}`"
    return None
