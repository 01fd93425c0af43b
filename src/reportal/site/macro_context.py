"""Which report a page is: customer, period, file and gaps, from the page's metadata.

The site plugin sets ``page.meta["reportal"]`` (number, customer, period, category, status,
path, optionally body_line); without it, the page's own front matter (``customer``, ``period``)
is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportal.model.frontmatter import split_front_matter
from reportal.model.period import Period, parse_period
from reportal.model.report import DataGap
from reportal.validate.body import macro_calls


class MacroError(Exception):
    """A macro failed; the message names the report, line and macro (no traceback, no host path)."""


@dataclass(frozen=True)
class PageReport:
    path: str
    number: str | None
    customer: str
    period: Period
    data_gaps: tuple[DataGap, ...]


def page_report(meta: Mapping[str, Any], src_path: str) -> PageReport:
    """Raise ``ValueError`` with a readable reason when the page is not a report."""
    info = _plugin_info(meta)
    source = info or meta
    customer, period = source.get("customer"), source.get("period")
    if not customer or not period:
        raise ValueError("this page is not a report (no customer and period in its front matter)")
    gaps = tuple(
        DataGap(str(g.get("source", "")), str(g.get("reason", "")))
        for g in info.get("data_gaps") or meta.get("data_gaps") or []
        if isinstance(g, Mapping)
    )
    path = str(info.get("path") or src_path)
    number = info.get("number") or meta.get("number")
    return PageReport(
        path, str(number) if number else None, str(customer), parse_period(str(period)), gaps
    )


def call_line(
    text: str,
    macro: str,
    args: tuple[object, ...],
    first_line: int = 1,
    kwargs: Mapping[str, object] | None = None,
) -> int | None:
    """The line of the ``{{ macro(...) }}`` call in ``text`` (which starts at ``first_line``):
    the call with exactly these arguments (found with Jinja's parser), else the first call of
    ``macro``."""
    calls = [call for call in macro_calls(text) if call.name == macro]
    if calls:
        wanted = dict(kwargs or {})
        exact = [c for c in calls if c.args == tuple(args) and dict(c.kwargs) == wanted]
        return first_line + (exact or calls)[0].line - 1
    found = re.search(r"\{\{-?\s*" + re.escape(macro) + r"\s*\(", text)
    return first_line + text.count("\n", 0, found.start()) if found else None


def locate_call(
    report_file: Path,
    page_file: Path | None,
    meta: Mapping[str, Any],
    markdown: str,
    macro: str,
    args: tuple[object, ...],
    kwargs: Mapping[str, object] | None = None,
) -> int | None:
    """Line of a macro call in the report file: searched in the file itself when it exists,
    else in the page body, offset by ``body_line`` (given, or counted from the front matter)."""
    if report_file.is_file():
        return call_line(report_file.read_text(encoding="utf-8"), macro, args, kwargs=kwargs)
    body_line = _plugin_info(meta).get("body_line")
    if body_line is None and page_file is not None and page_file.is_file():
        body_line = split_front_matter(page_file.read_text(encoding="utf-8"))[2]
    return call_line(markdown, macro, args, int(body_line or 1), kwargs)


def _plugin_info(meta: Mapping[str, Any]) -> Mapping[str, Any]:
    """``meta["reportal"]`` as the site plugin sets it; empty when the page has none."""
    info = meta.get("reportal")
    return info if isinstance(info, Mapping) else {}
