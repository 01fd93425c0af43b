"""Report: one validated service report, as the rest of the pipeline sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from reportal.model.period import Period


class Category(StrEnum):
    REGULAR = "regular"
    INCIDENT = "incident"
    SPECIAL = "special"


class Status(StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"

    @property
    def is_issued(self) -> bool:
        """Approved and superseded reports have been issued to the customer."""
        return self in (Status.APPROVED, Status.SUPERSEDED)


@dataclass(frozen=True)
class DataGap:
    source: str
    reason: str


@dataclass(frozen=True)
class Report:
    """A report whose front matter passed the schema. ``path`` is repo-relative POSIX."""

    path: str
    number: str
    title: str
    customer: str
    period: Period
    category: Category
    author: str
    status: Status
    prepared: date
    approver: str | None = None
    reviewer: str | None = None
    reviewed_on: date | None = None
    approved_on: date | None = None
    issued: date | None = None
    confidentiality: str = "customer"
    supersedes: str | None = None
    amendment_reason: str | None = None
    review_rounds: int | None = None
    tags: tuple[str, ...] = ()
    data_gaps: tuple[DataGap, ...] = ()
    body: str = ""
    body_line: int = 1
    lines: Mapping[str, int] = field(default_factory=dict)
    content_sha256: str = ""  # issued content (front matter without status, body): model/content

    @property
    def year(self) -> int:
        return self.period.start.year

    @property
    def renders_frozen(self) -> bool:
        """Whether a snapshot beside the report is what the portal shows (issued or withdrawn
        reports; drafts and reports in review always render from today's exports)."""
        return self.status.is_issued or self.status is Status.WITHDRAWN

    @property
    def is_published_to_customer(self) -> bool:
        """Whether a customer edition may hold this report."""
        return self.status.is_issued and self.confidentiality != "internal"

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)
