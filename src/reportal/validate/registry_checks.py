"""Registry loading: reportal.yml and data/{customers,people,plan,calendars}.yml -> Registry.

The one reader of these files: everything else (the plan, the SLA clock, the portal pages)
takes their values from the Registry. Each file is read with the front-matter reader (strings
stay strings, lines kept, duplicate keys reported) and validated against its schema in
``model/schemas/``. References between the files (roles and plan entries naming customers and
people, customers naming calendars) are checked here too. A bad entry is still put into the
Registry as well as it can be, so that reports naming it do not produce a second, misleading
issue.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from reportal.cachedir import code_stamp
from reportal.issues import Issue, did_you_mean
from reportal.model.frontmatter import YamlDocument, parse_yaml_document
from reportal.model.registry import (
    Customer,
    Person,
    PortalSettings,
    Provider,
    Registry,
    SignOff,
)
from reportal.validate.fields import compile_number_pattern, load_schema, validate_mapping
from reportal.validate.markup import NOT_TEXT, check_markup
from reportal.validate.pickled_memo import PickledMemo

SETTINGS_FILE = "reportal.yml"
DATA_FILES = ("customers", "people", "plan", "calendars")
_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_PERSON_ID = re.compile(r"^[a-z][a-z0-9._-]*$")
_READER_CODES = {"F003": "D003", "F005": "D004", "F006": "D005", "F008": "D009"}


def load_registry(root: Path, memo_folder: Path | None = None) -> tuple[Registry, list[Issue]]:
    """Read and validate every registry file under ``root``; never raises for bad input.

    ``memo_folder`` (a whole-portal read: the cache folder): what was read is kept in
    ``registry.pickle`` by the bytes of the five files and the reading code, and taken from
    there while none of them changed (validating 72 customers takes ~0.4 s)."""
    issues: list[Issue] = []
    settings = _load_settings(root, issues)
    files = {name: f"{settings.data_dir}/{name}.yml" for name in DATA_FILES}
    memo = PickledMemo.open(memo_folder, REGISTRY_MEMO, _memo_salt())
    key = memo.key(*(_file_bytes(root / rel) for rel in (SETTINGS_FILE, *files.values())))
    found = memo.get(key)
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[0], Registry)):
        found = _load_data(root, settings, files, issues)
        memo.put(key, found)
    memo.save()
    return found[0], list(found[1])


REGISTRY_MEMO = "registry.pickle"


@cache
def _memo_salt() -> str:
    return "reportal-registry/1\0" + code_stamp(
        "validate/registry_checks.py", "validate/fields.py", "validate/markup.py", "model/**/*"
    )


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # missing or unreadable: read (and reported) the slow way
        return b"\0missing"


def _load_data(
    root: Path, settings: PortalSettings, files: dict[str, str], issues: list[Issue]
) -> tuple[Registry, list[Issue]]:
    docs = {name: _read_yaml(root, rel, issues) for name, rel in files.items()}
    calendars = _validate_entries(docs["calendars"], files["calendars"], "calendars", _ID, issues)
    customers = _validate_entries(docs["customers"], files["customers"], "customers", _ID, issues)
    people = _validate_entries(docs["people"], files["people"], "people", _PERSON_ID, issues)
    plan = _validate_plan(docs["plan"], files["plan"], issues)
    for name in ("customers", "people", "plan", "calendars"):
        issues += check_markup(docs[name], files[name])
    persons = {pid: _person(pid, raw) for pid, raw in people.items()}
    issues += _check_customer_refs(docs["customers"], files["customers"], customers, calendars)
    issues += _check_people_refs(docs["people"], files["people"], people, customers)
    issues += _check_plan_refs(docs["plan"], files["plan"], plan, customers, persons)
    registry = Registry(
        settings=settings,
        customers={cid: _customer(cid, raw) for cid, raw in customers.items()},
        people=persons,
        plan=plan,
        calendars=calendars,
    )
    return registry, issues


# ---- reading and schema validation ---------------------------------------------------------


def _read_yaml(root: Path, rel: str, issues: list[Issue]) -> YamlDocument:
    path = root / rel
    if not path.is_file():
        issues.append(Issue(rel, None, None, "D001", "file is missing", hint=_missing_hint(rel)))
        return YamlDocument({}, {})
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as error:
        issues.append(Issue(rel, None, None, "D002", f"cannot be read as UTF-8 text ({error})"))
        return YamlDocument({}, {})
    doc = parse_yaml_document(text, rel, first_line=1, code="D002")
    issues += [dataclasses.replace(i, code=_READER_CODES.get(i.code, i.code)) for i in doc.issues]
    return doc


def _missing_hint(rel: str) -> str:
    return f"create {rel}; see docs/reference/fields.md for its fields"


def _load_settings(root: Path, issues: list[Issue]) -> PortalSettings:
    doc = _read_yaml(root, SETTINGS_FILE, issues)
    issues += check_markup(doc, SETTINGS_FILE, skip=NOT_TEXT)
    normalized, found = validate_mapping(
        doc.data, doc.line_of, SETTINGS_FILE, load_schema("reportal")
    )
    issues += found
    raw = normalized if normalized is not None else doc.data
    provider_raw = _dict(raw.get("provider"))
    fields = {f.name for f in dataclasses.fields(Provider)}
    values = {k: v for k, v in provider_raw.items() if k in fields and isinstance(v, str)}
    provider = Provider(**{"name": "", **values})
    keys = ("number_pattern", "number_format", "reports_dir", "data_dir", "language")
    settings: dict[str, Any] = {
        k: str(raw[k]) for k in keys if isinstance(raw.get(k), str) and raw[k]
    }
    if normalized is None:
        settings = {k: v for k, v in settings.items() if _usable_setting(k, v)}
    owners = raw.get("owners")
    names = tuple(str(o) for o in owners) if isinstance(owners, list) else ()
    return dataclasses.replace(
        PortalSettings(provider=provider, **settings, owners=names),
        signing=_dict(raw.get("signing")),
        manifest_signing=_dict(raw.get("manifest_signing")),
    )


def _usable_setting(key: str, value: str) -> bool:
    """Whether a setting from an invalid reportal.yml can still be used (else the default)."""
    if key == "number_pattern":
        try:
            return "code" in compile_number_pattern(value).groupindex
        except re.error:
            return False
    return key != "language" or value in ("zh", "en")


def _validate_entries(
    doc: YamlDocument, file: str, kind: str, id_pattern: re.Pattern[str], issues: list[Issue]
) -> dict[str, dict[str, Any]]:
    """Validate each ``id: {…}`` entry of a registry file against ``schemas/<kind>.yml``."""
    schema = load_schema(kind)
    result: dict[str, dict[str, Any]] = {}
    for key, raw in doc.data.items():
        if not id_pattern.match(key):
            issues.append(_bad_id(file, doc.line_of(key), key, id_pattern))
        entry = _entry(doc, file, schema, key, raw, f"the fields of `{key}`", issues)
        if entry is not None:
            result[key] = entry
    return result


def _validate_plan(
    doc: YamlDocument, file: str, issues: list[Issue]
) -> dict[str, list[dict[str, Any]]]:
    schema = load_schema("plan")
    expected = "a plan entry (id, category, frequency, …)"
    plan: dict[str, list[dict[str, Any]]] = {}
    for customer, items in doc.data.items():
        if not isinstance(items, list):
            message = f"expected a list of plan entries, found {_kind(items)}"
            issues.append(_at(doc, file, customer, "D006", message))
            continue
        entries = [
            _entry(doc, file, schema, f"{customer}.{index}", item, expected, issues)
            for index, item in enumerate(items)
        ]
        plan[customer] = [entry for entry in entries if entry is not None]
    return plan


def _entry(
    doc: YamlDocument,
    file: str,
    schema: dict[str, Any],
    path: str,
    raw: Any,
    expected: str,
    issues: list[Issue],
) -> dict[str, Any] | None:
    """The mapping at ``path`` validated against ``schema``: normalized, or as written when it
    has issues (reports naming it get no second issue); None when it is not a mapping."""
    if not isinstance(raw, dict):
        issues.append(_at(doc, file, path, "D006", f"expected {expected}, found {_kind(raw)}"))
        return None
    normalized, found = validate_mapping(raw, doc.line_of, file, schema, prefix=path)
    issues += found
    return normalized if normalized is not None else raw


def _bad_id(file: str, line: int, key: str, pattern: re.Pattern[str]) -> Issue:
    return Issue(
        file,
        line,
        key,
        "D007",
        f'"{key}" is not a valid id (expected {pattern.pattern})',
        hint="use lower-case letters, digits and hyphens, e.g. huaxin",
    )


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else f'"{value}"'


# ---- references between registry files ------------------------------------------------------


def _check_customer_refs(
    doc: YamlDocument, file: str, customers: dict[str, dict[str, Any]], calendars: dict[str, Any]
) -> list[Issue]:
    issues: list[Issue] = []
    codes: dict[str, str] = {}
    for cid, raw in customers.items():
        calendar = raw.get("calendar")
        if isinstance(calendar, str) and calendar not in calendars:
            where = "data/calendars.yml"
            path = f"{cid}.calendar"
            issues.append(_unknown(doc, file, path, "D013", "calendar", calendar, calendars, where))
        code = raw.get("code")
        if isinstance(code, str) and code in codes:
            message = f'code "{code}" is already used by customer `{codes[code]}`'
            hint = "each customer needs its own code: report numbers contain it"
            issues.append(_at(doc, file, f"{cid}.code", "D015", message, hint))
        elif isinstance(code, str):
            codes[code] = cid
    return issues


def _check_people_refs(
    doc: YamlDocument, file: str, people: dict[str, dict[str, Any]], customers: dict[str, Any]
) -> list[Issue]:
    issues: list[Issue] = []
    for pid, raw in people.items():
        roles = raw.get("roles")
        for customer in roles if isinstance(roles, dict) else {}:
            if customer != "*" and customer not in customers:
                path = f"{pid}.roles.{customer}"
                issues.append(_unknown_customer(doc, file, path, customer, customers))
    return issues


def _check_plan_refs(
    doc: YamlDocument,
    file: str,
    plan: dict[str, list[dict[str, Any]]],
    customers: dict[str, Any],
    people: Mapping[str, Person],
) -> list[Issue]:
    issues: list[Issue] = []
    for customer, entries in plan.items():
        if customer not in customers:
            issues.append(_unknown_customer(doc, file, customer, customer, customers))
            continue
        issues += _check_plan_entries(doc, file, customer, entries, people)
    return issues


def _check_plan_entries(
    doc: YamlDocument,
    file: str,
    customer: str,
    entries: list[dict[str, Any]],
    people: Mapping[str, Person],
) -> list[Issue]:
    issues: list[Issue] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        prefix = f"{customer}.{index}"
        entry_id = entry.get("id")
        if isinstance(entry_id, str) and entry_id in seen:
            message = f'plan entry id "{entry_id}" is used twice for `{customer}`'
            issues.append(_at(doc, file, f"{prefix}.id", "D014", message))
        seen.add(str(entry_id))
        for role in ("author", "reviewer", "approver"):
            person = entry.get(role)
            if isinstance(person, str):
                path = f"{prefix}.{role}"
                issues += _check_plan_person(doc, file, path, customer, role, person, people)
    return issues


def _check_plan_person(
    doc: YamlDocument,
    file: str,
    path: str,
    customer: str,
    role: str,
    person: str,
    people: Mapping[str, Person],
) -> list[Issue]:
    if person not in people:
        return [_unknown(doc, file, path, "D011", "person", person, people, "data/people.yml")]
    if not people[person].has_role(customer, role):
        message = f"`{person}` does not hold the {role} role for customer `{customer}`"
        hint = f"add `{customer}: [{role}]` to the roles of {person} in data/people.yml"
        return [_at(doc, file, path, "D012", message, hint)]
    return []


def _at(
    doc: YamlDocument, file: str, path: str, code: str, message: str, hint: str | None = None
) -> Issue:
    """An Issue at ``path`` of ``doc``, on that key's line."""
    return Issue(file, doc.line_of(path), path, code, message, hint=hint)


def _unknown(
    doc: YamlDocument,
    file: str,
    path: str,
    code: str,
    what: str,
    value: str,
    known: Iterable[str],
    where: str,
) -> Issue:
    message = f'unknown {what} "{value}" (not in {where})'
    return _at(doc, file, path, code, message, did_you_mean(value, known))


def _unknown_customer(
    doc: YamlDocument, file: str, path: str, customer: str, customers: Iterable[str]
) -> Issue:
    where = "data/customers.yml"
    return _unknown(doc, file, path, "D010", "customer", customer, customers, where)


# ---- building the registry values -----------------------------------------------------------


def _customer(cid: str, raw: dict[str, Any]) -> Customer:
    return Customer(
        id=cid,
        name=_text(raw.get("name"), cid),
        short_name=_text(raw.get("short_name"), _text(raw.get("name"), cid)),
        code=_text(raw.get("code"), cid.upper()),
        address=_text(raw.get("address"), ""),
        contact=_dict(raw.get("contact")),
        service_hours=_text(raw.get("service_hours"), "24x7"),
        calendar=raw.get("calendar") if isinstance(raw.get("calendar"), str) else None,
        sla=_dict(raw.get("sla")),
        targets=_dict(raw.get("targets")),
        raw=raw,
        sign_off=_sign_off(_dict(raw.get("settings"))),
    )


def _sign_off(settings: dict[str, Any]) -> SignOff:
    signatories = settings.get("signatories")
    since = settings.get("signatories_since")
    return SignOff(
        signatories=signatories if signatories in (2, 3) else 2,
        since=since if isinstance(since, date) else None,
        reviewer_may_approve=settings.get("reviewer_may_approve") is True,
    )


def _person(pid: str, raw: dict[str, Any]) -> Person:
    roles_raw = _dict(raw.get("roles"))
    roles = {
        str(c): tuple(str(r) for r in (rs if isinstance(rs, list) else []))
        for c, rs in roles_raw.items()
    }
    return Person(
        id=pid,
        name=_text(raw.get("name"), pid),
        title=_text(raw.get("title"), ""),
        email=_text(raw.get("email"), ""),
        github=_text(raw.get("github"), "").removeprefix("@"),
        roles=roles,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any, default: str) -> str:
    return value if isinstance(value, str) and value else default
