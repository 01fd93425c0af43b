"""Reading ``data/sources.yml``: the one reader of the file.

The file maps customer -> canonical table -> source; each source is validated with cerberus
against ``model/schemas/sources.yml`` and then by the checks below (mapped columns exist,
event logs map what they need, …). Each problem becomes a D101 Issue with its line; a valid
declaration becomes a frozen ``SourceSpec``.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportal.cachedir import code_stamp
from reportal.issues import Issue
from reportal.kpi.canonical import TABLES
from reportal.kpi.sources import SOURCES_FILE, SourceSet, SourceSpec, check_source_path
from reportal.model.frontmatter import safe_load_with
from reportal.validate.fields import checked_validator, load_rules
from reportal.validate.pickled_memo import PickledMemo

_TABLE_RULES = {"type": "dict", "schema": load_rules("sources")}  # one source
_CUSTOMER_RULES = {name: _TABLE_RULES for name in TABLES}
ENCODINGS = tuple(load_rules("sources")["encoding"]["allowed"])
COVERAGE = tuple(load_rules("sources")["coverage"]["allowed"])
_DEFAULT_COVERAGE = {
    "tickets": "extent",
    "calls": "daily",
    "surveys": "extent",
    "availability": "daily",
    "actions": "none",
}


def load_sources(
    root: Path, customers: set[str] | None = None, memo_folder: Path | None = None
) -> SourceSet:
    """Read and validate ``data/sources.yml`` under ``root``; never raises for bad input.

    ``memo_folder`` (a whole-portal check: the cache folder): the validated declarations are
    kept in ``sources.pickle`` by the hash of the file's bytes and ``customers``, and read from
    there while the file is unchanged (validating 72 customers' sources takes ~0.5 s). The
    export paths are checked on disk every time."""
    path = root / SOURCES_FILE
    if not path.is_file():
        return SourceSet({}, [])
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"cannot be read as UTF-8 text ({error})"
        return SourceSet({}, [Issue(SOURCES_FILE, None, None, "D101", message)])
    memo = PickledMemo.open(memo_folder, SOURCES_MEMO, _memo_salt())
    key = memo.key(data, "\0".join(sorted(customers)).encode() if customers is not None else b"*")
    found = memo.get(key)
    if not isinstance(found, SourceSet):
        found = _read_sources(data, customers)
        memo.put(key, found)
    memo.save()
    found = SourceSet(found.sources, list(found.issues), found.timezone)  # the memo's stays whole
    specs = [spec for by_table in found.sources.values() for spec in by_table.values()]
    found.issues.extend(i for spec in specs for i in check_source_path(path.parent, spec))
    return found


SOURCES_MEMO = "sources.pickle"


@cache
def _memo_salt() -> str:
    """The code that reads and validates the file (this module, the specs, the schemas)."""
    stamp = code_stamp("kpi/sources*.py", "kpi/canonical.py", "model/schemas/*.yml")
    return f"reportal-sources/1\0{stamp}\0{code_stamp('validate/fields.py')}"


def _read_sources(data: bytes, customers: set[str] | None) -> SourceSet:
    """The file's declarations, validated, without the checks of paths on disk."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"cannot be read as UTF-8 text ({error})"
        return SourceSet({}, [Issue(SOURCES_FILE, None, None, "D101", message)])
    try:
        loaded, lines = safe_load_with(text, _lines)
        declared = loaded or {}
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return SourceSet(
            {}, [Issue(SOURCES_FILE, line, None, "D101", f"not valid YAML: {error.problem}")]
        )
    except (yaml.YAMLError, ValueError) as error:  # a control character; a date like 2026-02-30
        hint = "quote a value that is not a real date" if isinstance(error, ValueError) else None
        line = _error_line(text, error)
        issue = Issue(SOURCES_FILE, line, None, "D101", f"not valid YAML: {error}", hint=hint)
        return SourceSet({}, [issue])
    if not isinstance(declared, dict):
        return SourceSet({}, [Issue(SOURCES_FILE, 1, None, "D101", "expected a mapping")])
    timezone = str(declared.pop("timezone", "Asia/Shanghai"))
    return _validate(declared, lines, customers, timezone)


def _error_line(text: str, error: yaml.YAMLError | ValueError) -> int | None:
    """The line of an error PyYAML gives without a mark: a character it refuses (it gives the
    position), or a value it cannot build (the first date scalar that is not a real date)."""
    position = getattr(error, "position", None)
    if isinstance(position, int):
        return text.count("\n", 0, position) + 1
    if not isinstance(error, ValueError):
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    for node in _scalars(root):
        if node.tag == TIMESTAMP_TAG:
            try:
                yaml.SafeLoader.construct_yaml_timestamp(yaml.SafeLoader(""), node)
            except ValueError:
                return int(node.start_mark.line) + 1
    return None


TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _scalars(node: Node | None) -> Iterator[ScalarNode]:
    if isinstance(node, ScalarNode):
        yield node
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _validate(
    data: dict[str, Any], lines: dict[str, int], customers: set[str] | None, timezone: str
) -> SourceSet:
    issues: list[Issue] = []
    result: dict[str, dict[str, SourceSpec]] = {}
    validator = checked_validator(_CUSTOMER_RULES)  # its schema checked once, not per customer
    for customer, raw in data.items():
        if customers is not None and customer not in customers:
            issues.append(
                _issue(
                    lines,
                    str(customer),
                    f'unknown customer "{customer}"',
                    hint="use a key of data/customers.yml",
                )
            )
            continue
        if not validator.validate(raw if isinstance(raw, dict) else {}):
            issues.extend(_schema_issues(validator.errors, f"{customer}", lines))
            continue
        doc = validator.document
        specs = {t: _spec(customer, t, doc[t], lines) for t in doc}
        for spec in specs.values():
            issues.extend(_check_mapping(spec, lines))
        result[str(customer)] = specs
    return SourceSet(result, issues, timezone)


def _spec(customer: str, table: str, raw: dict[str, Any], lines: dict[str, int]) -> SourceSpec:
    collapse = raw.get("collapse") or {}
    activities = raw.get("activities") or {}
    pairs = [
        (str(header), str(name))
        for header, names in raw["columns"].items()
        for name in ([names] if isinstance(names, str) else names)
    ]
    first: dict[str, str] = {}
    for header, name in pairs:
        first.setdefault(header, name)
    return SourceSpec(
        customer=customer,
        table=table,
        path=raw["path"],
        format=raw.get("format"),
        encoding=raw["encoding"],
        delimiter=raw["delimiter"],
        date_format=raw["date_format"],
        timezone=raw.get("timezone"),
        na_values=tuple(raw["na_values"]),
        columns=first,
        also=tuple(p for p in pairs if first[p[0]] != p[1]),
        fallback={str(k): str(v) for k, v in raw.get("fallback", {}).items()},
        constants={str(k): _constant(v) for k, v in raw.get("constants", {}).items()},
        resolved_activities=tuple(activities.get("resolved", ())),
        resolved_at=activities.get("resolved_at", "first"),
        closed_activities=tuple(activities.get("closed", ())),
        pause_states=tuple(raw.get("pause_states", ())),
        decimal=raw.get("decimal"),
        thousands=raw.get("thousands"),
        values={
            k: {str(a): str(b) for a, b in v.items()} for k, v in raw.get("values", {}).items()
        },
        collapse_key=collapse.get("key") if collapse else None,
        collapse_order=tuple(collapse.get("order_by", ())),
        coverage=raw.get("coverage", _DEFAULT_COVERAGE[table]),
        duplicates=raw["duplicates"],
        threshold_seconds=float(raw.get("threshold_seconds", 20)),
        min_sample=int(raw.get("min_sample", 30)),
        description=raw.get("description", ""),
        line=lines.get(f"{customer}.{table}.path") or lines.get(f"{customer}.{table}", 1),
    )


def _constant(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check_mapping(spec: SourceSpec, lines: dict[str, int]) -> list[Issue]:
    table = TABLES[spec.table]
    prefix = f"{spec.customer}.{spec.table}"
    issues = []
    for header, canonical in spec.mapping():
        if canonical not in table.columns:
            known = ", ".join(table.columns)
            issues.append(
                _issue(
                    lines,
                    f"{prefix}.columns.{header}",
                    f'"{canonical}" is not a '
                    f"column of the {spec.table} table (expected one of: {known})",
                )
            )
    issues.extend(_check_extras(spec, lines))
    mapped = spec.provided()
    for name in table.required:
        if name not in mapped:
            issues.append(
                _issue(
                    lines,
                    f"{prefix}.columns",
                    f"no source column is mapped to "
                    f'"{name}", which the {spec.table} table requires',
                )
            )
    if spec.thousands is not None and spec.thousands == (spec.decimal or "."):
        message = f'thousands "{spec.thousands}" is also the decimal mark'
        issues.append(_issue(lines, f"{prefix}.thousands", message))
    collapse = [spec.collapse_key] if spec.collapse_key else []
    for name in [*collapse, *spec.collapse_order]:
        if name not in mapped:
            issues.append(
                _issue(
                    lines,
                    f"{prefix}.collapse",
                    f'collapse uses "{name}", which is not a mapped canonical column',
                )
            )
    return issues


def _check_extras(spec: SourceSpec, lines: dict[str, int]) -> list[Issue]:
    """fallback / constants name canonical columns; activity logs and pauses need events."""
    table = TABLES[spec.table]
    prefix = f"{spec.customer}.{spec.table}"
    issues = []
    named = [("fallback", n) for pair in spec.fallback.items() for n in pair]
    named += [("constants", n) for n in spec.constants]
    for key, name in named:
        if name not in table.columns:
            issues.append(
                _issue(
                    lines, f"{prefix}.{key}", f'"{name}" is not a column of the {spec.table} table'
                )
            )
    for target, source in spec.fallback.items():
        kinds = {table.columns[c].kind for c in (target, source) if c in table.columns}
        if len(kinds) > 1:
            message = f'fallback: "{target}" cannot take a value of "{source}" (another type)'
            issues.append(_issue(lines, f"{prefix}.fallback", message))
    mapped = {c for _, c in spec.mapping()}
    needs = []
    if spec.is_activity_log:
        needs.append(("activities", ("id", "activity", "updated_at")))
    if spec.pause_states:
        clock = "state" if "state" in mapped else "activity"
        needs.append(("pause_states", ("id", clock, "updated_at")))
        if not (spec.collapse_key or spec.is_activity_log):
            issues.append(
                _issue(
                    lines,
                    f"{prefix}.pause_states",
                    "pause_states needs an event log: declare `collapse:` or `activities:`",
                )
            )
    for key, names in needs:
        for name in names:
            if name not in mapped:
                issues.append(
                    _issue(
                        lines,
                        f"{prefix}.{key}",
                        f'{key} needs a source column mapped to "{name}"',
                    )
                )
    if spec.table != "tickets" and (spec.is_activity_log or spec.pause_states):
        issues.append(_issue(lines, prefix, "activities and pause_states are for tickets only"))
    return issues


def _schema_issues(errors: Any, path: str, lines: dict[str, int]) -> list[Issue]:
    issues: list[Issue] = []
    for key, messages in errors.items():
        child = f"{path}.{key}"
        for message in messages:
            if isinstance(message, dict):
                issues.extend(_schema_issues(message, child, lines))
            else:
                issues.append(_issue(lines, child, str(message)))
    return issues


def _issue(lines: dict[str, int], path: str, message: str, hint: str | None = None) -> Issue:
    line = lines.get(path)
    probe = path
    while line is None and "." in probe:
        probe = probe.rpartition(".")[0]
        line = lines.get(probe)
    return Issue(SOURCES_FILE, line or 1, path, "D101", message, hint=hint)


def _lines(node: Node | None, path: str = "") -> dict[str, int]:
    """Dotted path -> 1-based line of every key in a composed YAML document."""
    lines: dict[str, int] = {}
    if isinstance(node, MappingNode):
        for key, value in node.value:
            child = f"{path}.{key.value}" if path else str(key.value)
            lines[child] = key.start_mark.line + 1
            lines.update(_lines(value, child))
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            lines[f"{path}.{index}"] = item.start_mark.line + 1
            lines.update(_lines(item, f"{path}.{index}"))
    return lines
