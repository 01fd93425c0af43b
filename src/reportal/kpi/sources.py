"""``data/sources.yml``: which export feeds which canonical table, and how to read it.

The file is validated with cerberus; each problem becomes an Issue with its line. A valid
declaration becomes a frozen ``SourceSpec``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from reportal.issues import Issue
from reportal.kpi.canonical import ISO8601, TABLES
from reportal.validate.fields import checked_validator

SOURCES_FILE = "data/sources.yml"
EXPORTS_DIR = "exports"  # a customer's exports live in data/exports/<customer>/
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "auto")
FORMATS = ("csv", "xlsx", "parquet")
COVERAGE = ("daily", "extent", "none")
DUPLICATES = ("error", "sum", "last")
DECIMAL_MARKS = (".", ",")
THOUSANDS_MARKS = (",", ".", " ", "'", "\u00a0", "\u202f")

_SOURCE_SCHEMA: dict[str, Any] = {
    "path": {"type": "string", "required": True, "empty": False},
    "format": {"type": "string", "allowed": list(FORMATS)},
    "encoding": {"type": "string", "allowed": list(ENCODINGS), "default": "auto"},
    "delimiter": {"type": "string", "minlength": 1, "maxlength": 1, "default": ","},
    "date_format": {"type": "string", "empty": False, "default": ISO8601},
    "timezone": {"type": "string"},
    "na_values": {"type": "list", "schema": {"type": "string"}, "default": []},
    "decimal": {"type": "string", "allowed": list(DECIMAL_MARKS)},
    "thousands": {"type": "string", "allowed": list(THOUSANDS_MARKS)},
    "columns": {
        "type": "dict",
        "required": True,
        "keysrules": {"type": "string"},
        "valuesrules": {
            "type": ["string", "list"],
            "schema": {"type": "string"},
            "minlength": 1,
        },
    },
    "fallback": {
        "type": "dict",
        "keysrules": {"type": "string"},
        "valuesrules": {"type": "string"},
    },
    "constants": {
        "type": "dict",
        "keysrules": {"type": "string"},
        "valuesrules": {"type": ["string", "number", "boolean"]},
    },
    "activities": {
        "type": "dict",
        "schema": {
            "resolved": {
                "type": "list",
                "schema": {"type": "string"},
                "required": True,
                "minlength": 1,
            },
            "resolved_at": {"type": "string", "allowed": ["first", "last"], "default": "first"},
            "closed": {"type": "list", "schema": {"type": "string"}, "minlength": 1},
        },
    },
    "pause_states": {"type": "list", "schema": {"type": "string"}, "minlength": 1},
    "values": {
        "type": "dict",
        "keysrules": {"type": "string"},
        "valuesrules": {"type": "dict", "keysrules": {"type": "string"}},
    },
    "collapse": {
        "type": "dict",
        "schema": {
            "key": {"type": "string", "default": "id"},
            "order_by": {"type": "list", "schema": {"type": "string"}, "required": True},
        },
    },
    "coverage": {"type": "string", "allowed": list(COVERAGE)},
    "duplicates": {"type": "string", "allowed": list(DUPLICATES), "default": "error"},
    "threshold_seconds": {"type": "number", "min": 1},
    "min_sample": {"type": "integer", "min": 1},
    "description": {"type": "string"},
}
_CUSTOMER_SCHEMA = {name: {"type": "dict", "schema": _SOURCE_SCHEMA} for name in TABLES}
_DEFAULT_COVERAGE = {
    "tickets": "extent",
    "calls": "daily",
    "surveys": "extent",
    "availability": "daily",
    "actions": "none",
}


@dataclass(frozen=True)
class SourceSpec:
    """One declared export. ``path`` is relative to the data folder and may be a glob."""

    customer: str
    table: str
    path: str
    format: str | None = None
    encoding: str = "auto"
    delimiter: str = ","
    date_format: str = ISO8601  # strftime format, or ISO 8601 only (never a guess)
    timezone: str | None = None
    na_values: tuple[str, ...] = ()
    decimal: str | None = None  # None: not declared; a comma in a number is then an error
    thousands: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # source header -> canonical
    also: tuple[tuple[str, str], ...] = ()  # (header, canonical): a header's further columns
    fallback: dict[str, str] = field(default_factory=dict)  # canonical <- canonical when empty
    constants: dict[str, str] = field(default_factory=dict)  # canonical -> one value
    resolved_activities: tuple[str, ...] = ()  # activity log: activities that resolve a case
    resolved_at: str = "first"  # the first or the last resolving event
    closed_activities: tuple[str, ...] = ()  # activity log: closing activities (default: any)
    pause_states: tuple[str, ...] = ()  # event log: states/activities that pause the SLA clock
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # canonical -> map
    collapse_key: str | None = None
    collapse_order: tuple[str, ...] = ()
    coverage: str = "none"
    duplicates: str = "error"  # rows with the same key: error, sum their numbers, or keep the last
    threshold_seconds: float = 20
    min_sample: int = 30  # tickets: cohort shares over fewer tickets get a small-sample mark
    description: str = ""
    line: int = 1

    def canonical_to_source(self) -> dict[str, str]:
        return {canonical: header for header, canonical in self.mapping()}

    def mapping(self) -> list[tuple[str, str]]:
        """Every (source header, canonical column) pair; one header may feed several."""
        return [*self.columns.items(), *self.also]

    @property
    def is_activity_log(self) -> bool:
        return bool(self.resolved_activities)

    def provided(self) -> set[str]:
        """Canonical columns the source fills: mapped, constant, or derived from the events."""
        derived = {"opened", "resolved", "closed"} if self.is_activity_log else set()
        return {c for _, c in self.mapping()} | set(self.constants) | derived


@dataclass(frozen=True)
class SourceSet:
    """Every declared source, by customer then table, and the issues found in the file."""

    sources: dict[str, dict[str, SourceSpec]]
    issues: list[Issue]
    timezone: str = "Asia/Shanghai"

    def get(self, customer: str, table: str) -> SourceSpec | None:
        return self.sources.get(customer, {}).get(table)


def load_sources(root: Path, customers: set[str] | None = None) -> SourceSet:
    """Read and validate ``data/sources.yml`` under ``root``; never raises for bad input."""
    path = root / SOURCES_FILE
    if not path.is_file():
        return SourceSet({}, [])
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) or {}
        lines = _lines(yaml.compose(text))
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        return SourceSet(
            {}, [Issue(SOURCES_FILE, line, None, "D101", f"not valid YAML: {error.problem}")]
        )
    if not isinstance(data, dict):
        return SourceSet({}, [Issue(SOURCES_FILE, 1, None, "D101", "expected a mapping")])
    timezone = str(data.pop("timezone", "Asia/Shanghai"))
    found = _validate(data, lines, customers, timezone)
    specs = [spec for by_table in found.sources.values() for spec in by_table.values()]
    found.issues.extend(i for spec in specs for i in check_source_path(path.parent, spec))
    return found


def _validate(
    data: dict[str, Any], lines: dict[str, int], customers: set[str] | None, timezone: str
) -> SourceSet:
    issues: list[Issue] = []
    result: dict[str, dict[str, SourceSpec]] = {}
    validator = checked_validator(_CUSTOMER_SCHEMA)  # its schema checked once, not per customer
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


# ---- confinement: a customer's sources read only data/exports/<customer>/ -------------------


def source_files(data_dir: Path, spec: SourceSpec) -> list[Path]:
    """The files ``spec.path`` matches inside the customer's export folder, sorted. A path that
    is absolute, climbs with ``..`` or names another folder matches nothing, and a file that
    resolves outside the folder (a symlink) is left out; ``check_source_path`` says why."""
    folder = _export_folder(data_dir, spec)
    if _path_problem(spec) is not None or not folder.is_dir():
        return []
    inside = folder.resolve()
    return sorted(
        p for p in data_dir.glob(spec.path) if p.is_file() and p.resolve().is_relative_to(inside)
    )


def check_source_path(data_dir: Path, spec: SourceSpec) -> list[Issue]:
    """D107 for a path leaving the customer's export folder, or a file (a symlink) that
    resolves outside it; nothing of such a file is read."""
    field = f"{spec.customer}.{spec.table}.path"
    problem = _path_problem(spec)
    if problem is not None:
        return [_path_issue(spec, field, problem)]
    folder = _export_folder(data_dir, spec)
    if not folder.is_dir():
        return []
    inside = folder.resolve()
    return [
        _path_issue(spec, field, f"{_data_rel(data_dir, p)} leads outside {_folder(spec)}/")
        for p in sorted(data_dir.glob(spec.path))
        if p.is_file() and not p.resolve().is_relative_to(inside)
    ]


def _path_problem(spec: SourceSpec) -> str | None:
    path = PurePosixPath(spec.path.replace("\\", "/"))
    if path.is_absolute() or spec.path[1:3] == ":/" or spec.path.startswith("~"):
        return f'"{spec.path}" is an absolute path'
    if ".." in path.parts:
        return f'"{spec.path}" climbs out of its folder with ..'
    if path.parts[:2] != (EXPORTS_DIR, spec.customer) or len(path.parts) < 3:
        return f'"{spec.path}" is not inside {_folder(spec)}/'
    return None


def _path_issue(spec: SourceSpec, field: str, problem: str) -> Issue:
    return Issue(
        SOURCES_FILE,
        spec.line,
        field,
        "D107",
        f"{problem}: a customer's sources are read from its own export folder only",
        hint=f"put the export in data/{_folder(spec)}/ and write path: {_folder(spec)}/<file>",
    )


def _export_folder(data_dir: Path, spec: SourceSpec) -> Path:
    return data_dir / EXPORTS_DIR / spec.customer


def _folder(spec: SourceSpec) -> str:
    return f"{EXPORTS_DIR}/{spec.customer}"


def _data_rel(data_dir: Path, path: Path) -> str:
    return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
