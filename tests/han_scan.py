"""Find Chinese (Han) text in a built English portal, outside what stays as written.

What stays as written: a report's body (the Markdown content of a report page: after its
metadata header, up to the print end mark, KPI tables included: their rows hold export data),
and authored data shown as is: customer, people and provider names, titles and addresses from
the registry, report titles, tags and amendment reasons (front matter), action titles (the
actions export), plan entry titles, and code (``<code>``: file names, commands and example
values of data, which is Chinese in the demo). Everything else a page shows (text, and the
``title``, ``aria-label``, ``alt``, ``placeholder`` and chart-JSON attributes) must be free of
Han characters.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from reportal.model.portal import Portal
from reportal.validate.portal import load_portal

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
SCANNED_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "data-figure", "content")
SKIPPED = ("script", "style", "code", "pre")  # code: examples of data, as written
TOC = "md-nav--secondary"  # a page's table of contents: its headings, scanned in the page
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class _Texts(HTMLParser):
    """Visible text and scanned attributes, without scripts and report bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.skip_depth: int | None = None  # stack depth where a skipped element began
        self.in_body = False  # between a report's header and its print end mark
        self.header_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "reportal-print-end" in classes:
            self.in_body = False
        if tag not in VOID:
            self.stack.append(tag)
        if self.skip_depth is None and (tag in SKIPPED or TOC in classes):
            self.skip_depth = len(self.stack)
        if self._skipping():
            return
        self.texts += [v for k, v in attrs if k in SCANNED_ATTRIBUTES and v]
        if "reportal-header" in classes:
            self.header_depth = len(self.stack)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or tag in VOID:
            return
        depth = len(self.stack)
        while self.stack and self.stack.pop() != tag:
            depth -= 1
        if self.skip_depth is not None and depth <= self.skip_depth:
            self.skip_depth = None
        if self.header_depth == depth:
            self.header_depth = None
            self.in_body = True

    def handle_data(self, data: str) -> None:
        if not self._skipping() and data.strip():
            self.texts.append(data)

    def _skipping(self) -> bool:
        return self.skip_depth is not None or self.in_body


def page_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def written_as_is(root: Path, portal: Portal | None = None) -> list[str]:
    """Authored names and titles an English portal shows as written, as regular expressions
    (longest first)."""
    portal = portal or load_portal(root)
    registry = portal.registry
    provider = registry.settings.provider
    texts = [provider.name, provider.address]
    for customer in registry.customers.values():
        texts += [customer.name, customer.short_name, customer.address]
        texts += [str(v) for v in customer.contact.values()]
    for person in registry.people.values():
        texts += [person.name, person.title]
    for report in portal.reports:
        texts += [report.title, *report.tags, report.amendment_reason or ""]
    names = [c.short_name for c in registry.customers.values()]
    names += [c.name for c in registry.customers.values()]
    texts += [_template_pattern(title, names) for title in _plan_titles(registry.plan)]
    for path in sorted((root / "data" / "exports").glob("*/actions.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            texts += [row.get("title") or "" for row in csv.DictReader(handle)]
    literal = {re.escape(t) for t in texts if t and HAN.search(t) and not t.startswith(_TEMPLATE)}
    templates = {t.removeprefix(_TEMPLATE) for t in texts if t.startswith(_TEMPLATE)}
    return sorted(literal | templates, key=len, reverse=True)


_TEMPLATE = "\x00"  # marks a plan title template turned into a pattern


def _template_pattern(template: str, names: list[str]) -> str:
    """A plan entry's title template (``{short_name} {year} 年 {month} 月 …``) as a pattern."""
    fields = {
        "short_name": "|".join(map(re.escape, names)),
        "name": "|".join(map(re.escape, names)),
    }
    fields |= {"year": r"\d{4}", "month": r"\d{1,2}", "quarter": r"\d"}
    pieces = re.split(r"\{([a-z_]+)\}", template)
    pattern = "".join(
        f"(?:{fields.get(piece, '.+?')})" if index % 2 else re.escape(piece)
        for index, piece in enumerate(pieces)
    )
    return _TEMPLATE + pattern


def _plan_titles(plan: Any) -> list[str]:
    entries = [e for value in plan.values() for e in (value if isinstance(value, list) else [])]
    return [str(e.get("title")) for e in entries if isinstance(e, dict) and e.get("title")]


def leaks(html: str, allowed: list[str]) -> list[str]:
    """Texts of ``html`` still holding Han characters once the allowed texts (patterns from
    ``written_as_is``) are taken out."""
    found = []
    pattern = re.compile("|".join(allowed)) if allowed else None
    for text in page_texts(html):
        rest = pattern.sub("", text) if pattern else text
        if HAN.search(rest):
            found.append(" ".join(text.split())[:80])
    return found


def site_leaks(site: Path, allowed: list[str]) -> dict[str, list[str]]:
    """``page -> leaks`` for every HTML page of a built site that has any."""
    result = {}
    for page in sorted(site.rglob("*.html")):
        found = leaks(page.read_text(encoding="utf-8"), allowed)
        if found:
            result[page.relative_to(site).as_posix()] = found
    return result
