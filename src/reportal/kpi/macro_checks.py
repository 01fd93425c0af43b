"""Macro calls against the KPI registry and the customer's sources, checked before a build.

Validation (``validate/body.py``) lets a body call only allow-listed macros with literal
arguments; each macro's own check (``kpi/macro_set.py``) knows what those arguments may be
(``kpi_table`` a KPI family, ``trend_chart`` a KPI id, a number of periods and a forecast
horizon of a volume KPI) and which sources the call reads; this module runs them over every
report body and adds the sources the report's customer does not declare in
``data/sources.yml``. A wrong argument or a missing source is then a ``reportal check`` issue
on the macro's line instead of a failed build.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator

from reportal.issues import Issue
from reportal.kpi.macro_set import MACROS, Checked
from reportal.kpi.shared import shared_engine
from reportal.model.macros import Problem
from reportal.model.portal import Portal
from reportal.validate.body import MacroCall, macro_calls

FIELD = "body"


def check_macro_calls(portal: Portal) -> list[Issue]:
    """Macro-argument issues of every body, including reports rejected for their front matter
    (so one run shows them all); a source is checked only where the customer is known."""
    engine = shared_engine(portal.root, portal.registry, refresh=False)
    checked: dict[Hashable, Checked] = {}  # each distinct call checked once per run
    issues: list[Issue] = []
    for path, body, body_line, customer in _bodies(portal):
        known = customer is not None and customer in engine.registry.customers
        declared = set(engine.source_names(customer)) if known and customer else None
        for call in macro_calls(body):
            issues += [
                Issue(path, body_line + call.line - 1, FIELD, code, message, hint)
                for code, message, hint in _problems(call, customer, declared, checked)
            ]
    return issues


def _bodies(portal: Portal) -> Iterator[tuple[str, str, int, str | None]]:
    """(path, body, first body line, customer or None) of every report with a body."""
    for report in portal.reports:
        yield report.path, report.body, report.body_line, report.customer
    customers = {parties.path: parties.customer for parties in portal.rejected_parties}
    for rejected in portal.rejected:
        yield rejected.path, rejected.body, rejected.body_line, customers.get(rejected.path)


def _problems(
    call: MacroCall,
    customer: str | None,
    declared: set[str] | None,
    checked: dict[Hashable, Checked],
) -> Iterator[Problem]:
    macro = MACROS.get(call.name)
    if macro is None:  # not allow-listed: validation's (B004)
        return
    key = _call_key(call)
    if key not in checked:
        checked[key] = macro.check(call)
    problems, needed = checked[key]
    yield from problems
    if needed is None or declared is None:  # customer unknown: validation reports it
        return
    for source in sorted(needed - declared):
        message = (
            f'{call.name}() reads the "{source}" source, which data/sources.yml does not '
            f'declare for customer "{customer}"'
        )
        yield "D150", message, f"declare {customer}.{source} in data/sources.yml"


def _call_key(call: MacroCall) -> Hashable:
    """A call's name and literal arguments, each with its type (``1``, ``1.0`` and ``true`` are
    equal in Python but not in a message); not its line."""
    kwargs = sorted(call.kwargs.items())
    return (
        call.name,
        tuple((type(value), value) for value in call.args),
        tuple((name, type(value), value) for name, value in kwargs),
    )
