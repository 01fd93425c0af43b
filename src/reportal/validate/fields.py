"""Field validation: a string mapping with lines -> normalized document + Issues with lines.

cerberus does the declarative part (``model/schemas/*.yml``); this module adds Reportal's
coercers and ``check_with`` rules, and turns cerberus' flat ``ValidationError`` list into Issues
that name file, line and field: what was found, what was expected, and a fix.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from cerberus import Validator
from cerberus.errors import ValidationError
from cerberus.schema import DefinitionSchema

from reportal.issues import Issue, did_you_mean
from reportal.model.frontmatter import YamlDocument, load_yaml
from reportal.model.period import parse_period

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_INT = re.compile(r"^[+-]?\d+$", re.ASCII)
_FLOAT = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_JINJA_MARKS = ("{{", "{%", "{#")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$", re.ASCII)
_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
MIN_YEAR, MAX_YEAR = 1990, 2199

LineOf = Callable[[str], int]


def compile_number_pattern(pattern: str) -> re.Pattern[str]:
    """The report-number pattern, ASCII-only (``\\d`` would match fullwidth digits too)."""
    return re.compile(pattern, re.ASCII)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A cerberus schema from ``model/schemas/<name>.yml`` (``meta`` kept for the docs)."""
    text = resources.files("reportal.model.schemas").joinpath(f"{name}.yml").read_text("utf-8")
    schema: dict[str, Any] = load_yaml(text)
    return schema


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The cerberus rules of ``model/schemas/<name>.yml``: the schema without its ``meta``."""
    rules: dict[str, Any] = _strip_meta(load_schema(name))
    return rules


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

    def _normalize_coerce_number(self, value: Any) -> Any:
        if isinstance(value, str) and _INT.match(value.strip()):
            return int(value)
        if isinstance(value, str) and _FLOAT.match(value.strip()):
            return float(value)
        return value  # left a string: the `type: number` rule reports it

    def _normalize_coerce_integer(self, value: Any) -> Any:
        if isinstance(value, str) and _INT.match(value.strip()):
            return int(value)
        return value

    def _normalize_coerce_true_false(self, value: Any) -> Any:
        """``true`` / ``false`` (only these words) as a boolean; anything else stays text and
        the ``type: boolean`` rule reports it."""
        words = {"true": True, "false": False}
        return words.get(value.strip().lower(), value) if isinstance(value, str) else value

    def _check_with_period(self, field: str, value: Any) -> None:
        try:
            period = parse_period(str(value))
        except ValueError as error:
            self._error(field, str(error))
            return
        if not MIN_YEAR <= period.start.year <= MAX_YEAR:
            self._error(field, f'"{value}" is not a plausible period (year {period.start.year})')

    def _check_with_report_number(self, field: str, value: Any) -> None:
        if not str(value).isascii():
            odd = "".join(sorted({ch for ch in str(value) if not ch.isascii()}))
            self._error(
                field,
                f'"{value}" holds non-ASCII characters ({odd}): look-alikes of '
                "ASCII digits or letters make a second report with the same number",
            )
            return
        pattern = self.number_regex
        if pattern is not None and not pattern.match(str(value)):
            self._error(field, f'"{value}" does not match the number pattern {pattern.pattern}')

    def _check_with_number_pattern(self, field: str, value: Any) -> None:
        try:
            compiled = compile_number_pattern(str(value))
        except re.error as error:
            self._error(field, f'"{value}" is not a regular expression ({error})')
            return
        if "code" not in compiled.groupindex:
            self._error(field, "the number pattern needs a named group (?P<code>...)")

    def _check_with_timezone(self, field: str, value: Any) -> None:
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            self._error(field, f'"{value}" is not an IANA time zone such as Asia/Shanghai')

    def _check_with_plain_text(self, field: str, value: Any) -> None:
        if any(mark in str(value) for mark in _JINJA_MARKS):
            self._error(
                field,
                "Jinja markup ({{, {% or {#) is not allowed here: it would show on the page as "
                "text; write it without the braces",
            )

    def _check_with_clock_time(self, field: str, value: Any) -> None:
        if not _HHMM.match(str(value)):
            self._error(field, f'"{value}" is not a time of day (expected HH:MM, e.g. 09:00)')


def validate_fields(
    front: YamlDocument, file: str, schema_name: str = "report", number_pattern: str | None = None
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Validate ``front.data``; return the normalized document (None if invalid) and Issues."""
    return validate_mapping(
        front.data, front.line_of, file, load_schema(schema_name), number_pattern=number_pattern
    )


def validate_mapping(
    data: dict[str, Any],
    line_of: LineOf,
    file: str,
    schema: dict[str, Any],
    prefix: str = "",
    number_pattern: str | None = None,
) -> tuple[dict[str, Any] | None, list[Issue]]:
    """Validate ``data`` (found at ``prefix`` in ``file``) against ``schema``.

    Returns the normalized document, or None when there are issues; never raises.
    """
    validator = _validator(schema)
    try:
        validator.number_regex = compile_number_pattern(number_pattern) if number_pattern else None
    except re.error:
        validator.number_regex = None  # reported on reportal.yml itself
    if validator.validate(data):
        return validator.document, []
    translate = _Translator(file, line_of, schema, prefix)
    return None, [translate(error) for error in _leaf_errors(validator._errors)]


_LOCAL = threading.local()


def _validator(schema: dict[str, Any]) -> ReportValidator:
    """One validator per schema and thread, reused: building one costs ~2 ms, validating ~0.7."""
    cache: dict[int, tuple[dict[str, Any], ReportValidator]] = _LOCAL.__dict__.setdefault("v", {})
    cached = cache.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = (schema, checked_validator(_strip_meta(schema), ReportValidator))

        cache[id(schema)] = cached
    return cached[1]


def checked_validator(schema: dict[str, Any], kind: type[Validator] = Validator) -> Validator:
    """A validator of ``kind`` whose schema is checked once, not again for every document
    (``_CheckedSchema``); reuse it for every document of that schema."""
    validator = kind()
    validator.schema = _CheckedSchema(validator, schema)
    return validator


class _CheckedSchema(DefinitionSchema):  # type: ignore[misc]
    """A schema checked once, when its validator is made. cerberus copies the schema for every
    document it normalises and checks the copy again, and each rule set it puts back in the copy
    (hashing the whole schema each time): most of the cost of validating a report's front matter.
    A copy of a checked schema, holding the same rule sets, needs no second check."""

    _copy = False

    def copy(self) -> _CheckedSchema:
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.schema = self.schema.copy()
        clone._copy = True
        return clone

    def __setitem__(self, key: str, value: Any) -> None:
        if self._copy:  # normalisation putting a rule set of this schema back
            self.schema[key] = value
        else:
            super().__setitem__(key, value)


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


class _Translator:
    """cerberus ``ValidationError`` -> Issue (file, line, dotted field, code, message, hint)."""

    def __init__(self, file: str, line_of: LineOf, schema: dict[str, Any], prefix: str) -> None:
        self.file, self.line_of, self.schema, self.prefix = file, line_of, schema, prefix

    def __call__(self, error: ValidationError) -> Issue:
        parts = [str(p) for p in error.document_path]
        path = ".".join([self.prefix, *parts] if self.prefix else parts)
        rule, value, key = error.rule, error.value, parts[-1] if parts else ""
        rules = _rules_at(self.schema, parts)

        def issue(
            code: str, message: str, hint: str | None = None, line: int | None = None
        ) -> Issue:
            where = self.line_of(path) if line is None else line
            return Issue(self.file, where, path, code, message, hint=hint)

        if rule == "required":
            parent = ".".join(path.split(".")[:-1])
            line = self.line_of(parent) if parent else 1
            return issue("R001", "required field is missing", _example(rules, key), line)
        if rule is None and error.code == 0x03:
            known = _keys_at(self.schema, parts[:-1])
            hint = did_you_mean(key, known, listing="known fields", sort=False)
            return issue("R002", f"unknown field `{key}`", hint)
        if rule == "allowed":
            return issue(
                "R003",
                f'"{value}" is not allowed (expected one of: {_join(error.constraint)})',
                _allowed_hint(value, error.constraint),
            )
        if rule == "type":
            return _type_issue(issue, value, error.constraint, rules, key)
        if rule == "check_with" or error.code == 0x00:
            message = str(error.info[0]) if error.info else f"invalid value {value!r}"
            return issue("R006", message, _example(rules, key))
        if rule in ("empty", "nullable"):
            return issue("R007", "must have a value", _example(rules, key))
        if rule == "regex":
            return issue(
                "R008",
                f'"{value}" has an invalid format (expected {error.constraint})',
                _example(rules, key),
            )
        if rule in ("min", "max", "minlength", "maxlength"):
            return issue("R010", f"{value!r} is out of range ({rule} {error.constraint})")
        return issue("R009", f"invalid value {value!r} ({rule}: {error.constraint})")


def _type_issue(
    issue: Callable[..., Issue], value: Any, expected: Any, rules: dict[str, Any], key: str
) -> Issue:
    if expected == "date":
        return issue(
            "R004",
            f'"{value}" is not a valid date (expected YYYY-MM-DD)',
            "check the day exists in that month, e.g. 2026-02-28",
        )
    found = _describe(value)
    return issue("R005", f"expected {_article(expected)}, found {found}", _example(rules, key))


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f'"{value}"'


def _article(type_name: Any) -> str:
    names = {"dict": "a mapping", "list": "a list", "string": "text", "number": "a number"}
    return names.get(str(type_name), f"a {type_name}")


def _rules_at(schema: dict[str, Any], parts: list[str]) -> dict[str, Any]:
    """The rules of the field at ``parts`` (walking ``schema``/``valuesrules``), or {}."""
    rules: dict[str, Any] = {"type": "dict", "schema": schema}
    for part in parts:
        rules = _child_rules(rules, part)
    return rules


def _child_rules(rules: dict[str, Any], part: str) -> dict[str, Any]:
    if rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
        child: dict[str, Any] = rules["schema"]
        return child
    if isinstance(rules.get("schema"), dict):
        return dict(rules["schema"].get(part) or {})
    if isinstance(rules.get("valuesrules"), dict):
        return dict(rules["valuesrules"])
    return {}


def _keys_at(schema: dict[str, Any], parts: list[str]) -> list[str]:
    sub = _rules_at(schema, parts).get("schema")
    return list(sub) if isinstance(sub, dict) else []


def _allowed_hint(value: Any, allowed: Any) -> str | None:
    text = str(value)
    if text.lower() in _YAML11_WORDS:
        return f'"{text}" is read as text, never as a yes/no value; write one of the allowed words'
    return did_you_mean(text, [str(a) for a in allowed], cutoff=0.5, listing=None)


def _example(rules: dict[str, Any], key: str) -> str | None:
    meta = rules.get("meta") or {}
    if "example" in meta:
        example = meta["example"]
        shown = yaml.safe_dump(example, allow_unicode=True, default_flow_style=True).strip()
        shown = shown.removesuffix("\n...").removesuffix("...").strip()
        return f"for example `{key}: {shown}`"
    return None


def _join(values: Any) -> str:
    return ", ".join(str(v) for v in values)
