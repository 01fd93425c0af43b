"""Registry loading: reportal.yml and data/{customers,people,plan}.yml -> Registry + Issues."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportal.issues import Issue
from reportal.model.registry import Customer, Person, PortalSettings, Provider, Registry

SETTINGS_FILE = "reportal.yml"


def load_registry(root: Path) -> tuple[Registry, list[Issue]]:
    issues: list[Issue] = []
    settings = _load_settings(root, issues)
    data = root / settings.data_dir
    customers_raw = _read_yaml(data / "customers.yml", root, issues)
    people_raw = _read_yaml(data / "people.yml", root, issues)
    plan_raw = _read_yaml(data / "plan.yml", root, issues)
    registry = Registry(
        settings=settings,
        customers={cid: _customer(cid, raw) for cid, raw in customers_raw.items()},
        people={pid: _person(pid, raw) for pid, raw in people_raw.items()},
        plan=plan_raw,
    )
    return registry, issues


def _load_settings(root: Path, issues: list[Issue]) -> PortalSettings:
    raw = _read_yaml(root / SETTINGS_FILE, root, issues)
    provider_raw = raw.get("provider") or {}
    provider = Provider(**{k: str(v) for k, v in provider_raw.items() if k in _PROVIDER_KEYS})
    keys = ("number_pattern", "number_format", "reports_dir", "data_dir", "language")
    return PortalSettings(provider=provider, **{k: str(raw[k]) for k in keys if k in raw})


_PROVIDER_KEYS = {"name", "address", "name_en", "phone"}


def _read_yaml(path: Path, root: Path, issues: list[Issue]) -> dict[str, Any]:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    if not path.is_file():
        issues.append(Issue(rel, None, None, "D001", "file is missing"))
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        issues.append(Issue(rel, line, None, "D002", f"not valid YAML: {error.problem}"))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        issues.append(Issue(rel, 1, None, "D003", "expected a mapping at the top level"))
        return {}
    return data


def _customer(cid: str, raw: Any) -> Customer:
    raw = raw if isinstance(raw, dict) else {}
    return Customer(
        id=cid,
        name=str(raw.get("name", cid)),
        short_name=str(raw.get("short_name", raw.get("name", cid))),
        code=str(raw.get("code", cid.upper())),
        address=str(raw.get("address", "")),
        contact=raw.get("contact") or {},
        service_hours=str(raw.get("service_hours", "24x7")),
        calendar=raw.get("calendar"),
        sla=raw.get("sla") or {},
        targets=raw.get("targets") or {},
        raw=raw,
    )


def _person(pid: str, raw: Any) -> Person:
    raw = raw if isinstance(raw, dict) else {}
    roles = {str(c): tuple(r or ()) for c, r in (raw.get("roles") or {}).items()}
    return Person(
        id=pid,
        name=str(raw.get("name", pid)),
        title=str(raw.get("title", "")),
        email=str(raw.get("email", "")),
        roles=roles,
    )
