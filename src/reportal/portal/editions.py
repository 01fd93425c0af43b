"""Editions: the provider's copy of the portal and one copy per customer.

A static site has no access control, so confidentiality is decided here, before anything is
rendered: each edition gets its own filtered staging tree (``publish/staging.py``) and is built from
it. The provider edition holds every report; a customer edition holds only that customer's
issued (``approved``/``superseded``), non-internal reports, with internal sections cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportal.issues import Issue
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.portal.identifying import identifying_texts

PROVIDER = "provider"
ALL = "all"


@dataclass(frozen=True)
class Edition:
    """``id`` is ``provider`` or a customer id; ``customer`` is None for the provider."""

    id: str
    customer: str | None = None

    @property
    def is_provider(self) -> bool:
        return self.customer is None

    @property
    def out_rel(self) -> str:
        """Where the edition goes below the output folder (POSIX)."""
        return PROVIDER if self.customer is None else f"customers/{self.customer}"

    def holds(self, report: Report) -> bool:
        """Whether this edition may contain ``report`` at all."""
        if self.customer is None:
            return True
        return report.customer == self.customer and report.is_published_to_customer

    def cuts_internal(self) -> bool:
        return self.customer is not None


def all_editions(portal: Portal) -> list[Edition]:
    """The provider edition, then one per customer in ``data/customers.yml`` (sorted)."""
    customers = sorted(portal.registry.customers)
    return [Edition(PROVIDER), *(Edition(cid, cid) for cid in customers)]


def resolve_editions(portal: Portal, spec: str) -> tuple[list[Edition], list[Issue]]:
    """``all``, ``provider`` or a customer id -> editions, or an Issue naming the choices."""
    editions = all_editions(portal)
    if spec == ALL:
        return editions, []
    chosen = [edition for edition in editions if edition.id == spec]
    if chosen:
        return chosen, []
    choices = ", ".join([ALL, *(edition.id for edition in editions)])
    message = f'edition "{spec}" is neither "provider" nor a customer in data/customers.yml'
    return [], [Issue("data/customers.yml", None, "edition", "E001", message, f"use {choices}")]


def reports_of(portal: Portal, edition: Edition) -> list[Report]:
    """The reports ``edition`` holds, sorted by path."""
    return sorted((r for r in portal.reports if edition.holds(r)), key=lambda r: r.path)


def forbidden_texts(portal: Portal, edition: Edition) -> list[str]:
    """What must never appear in ``edition`` besides other customers' names (empty for the
    provider): the report numbers it does not hold, and what identifies the other customers
    (ids, codes, addresses, contacts: ``identifying.identifying_texts``). The publish scan reads
    this."""
    if edition.customer is None:
        return []
    held = {report.number for report in reports_of(portal, edition)}
    numbers = sorted({r.number for r in portal.reports} - held)
    return numbers + identifying_texts(portal.registry, edition.customer)
