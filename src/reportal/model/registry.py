"""Registry: the portal settings, customers, people, report plan and business calendars that
reports refer to, as ``validate.registry_checks.load_registry`` read them (each file once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Provider:
    name: str
    address: str = ""
    name_en: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PortalSettings:
    """``reportal.yml`` at the portal root."""

    provider: Provider
    number_pattern: str = (
        r"^SR-(?P<code>[A-Z0-9]+)-(?P<year>\d{4})-(?P<month>\d{2})-(?P<seq>\d{2})$"
    )
    number_format: str = "SR-{code}-{year}-{month:02d}-{seq:02d}"
    reports_dir: str = "reports"
    data_dir: str = "data"
    language: str = "zh"
    owners: tuple[str, ...] = ()  # person ids or @handles: review of portal configuration
    signing: Mapping[str, Any] = field(default_factory=dict)  # PDF signatures (pdf/sign.py)
    manifest_signing: Mapping[str, Any] = field(default_factory=dict)  # archive/manifest_sign.py


@dataclass(frozen=True)
class SignOff:
    """How a customer's reports are signed off (``settings`` in data/customers.yml)."""

    signatories: int = 2  # 2: author + approver; 3: author + reviewer + approver
    since: date | None = None  # with 3: reports approved before this day keep two
    reviewer_may_approve: bool = False

    def needs_reviewer(self, approved_on: date | None) -> bool:
        """Whether a report (approved on ``approved_on``, None: not yet) needs a reviewer."""
        if self.signatories < 3:
            return False
        return self.since is None or approved_on is None or approved_on >= self.since


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    short_name: str
    code: str
    address: str = ""
    contact: Mapping[str, str] = field(default_factory=dict)
    service_hours: str = "24x7"  # "24x7" or "business"
    calendar: str | None = None
    sla: Mapping[str, Any] = field(default_factory=dict)  # priority -> {response, resolution}
    targets: Mapping[str, Any] = field(
        default_factory=dict
    )  # kpi id -> {target, warning, critical}
    raw: Mapping[str, Any] = field(default_factory=dict)
    sign_off: SignOff = field(default_factory=SignOff)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    title: str = ""
    email: str = ""
    github: str = ""  # user name on GitHub / GitLab, for CODEOWNERS (without the @)
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # customer -> roles

    def has_role(self, customer: str, role: str) -> bool:
        return role in self.roles.get(customer, ()) or role in self.roles.get("*", ())


@dataclass(frozen=True)
class Registry:
    settings: PortalSettings
    customers: Mapping[str, Customer]
    people: Mapping[str, Person]
    plan: Mapping[str, Any]  # customer id -> list of plan entries (validated mapping)
    calendars: Mapping[str, Any] = field(default_factory=dict)  # calendar id -> its fields

    def person_name(self, person: str | None) -> str:
        """The name data/people.yml gives ``person``; an id not listed there as written; ""
        for none."""
        if not person:
            return ""
        found = self.people.get(person)
        return found.name if found else person
