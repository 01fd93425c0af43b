"""Freezing issued reports, and noticing when today's exports would tell another story.

``freeze_reports`` computes the snapshot of every approved report that has none (both
languages), refusing any report one of whose macro calls cannot be answered. ``check_drift``
recomputes each frozen, still current report from today's exports and warns (S010) when a
figure would differ: the signal that an amendment is due. The frozen report itself never
changes.
"""

from __future__ import annotations

from reportal.issues import Issue, Severity
from reportal.kpi.definition_set import get_definition
from reportal.kpi.format import format_value
from reportal.kpi.snapshots import ReportContent, block_errors, compute_snapshot
from reportal.model.report import Report, Status
from reportal.model.snapshot import LANGUAGES, Snapshot, dump_snapshot, snapshot_path

TOLERANCE = 1e-9


def freeze_reports(
    content: ReportContent, numbers: frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[Issue]]:
    """``({snapshot path: text to write}, issues)`` for the approved reports without a
    snapshot (only those in ``numbers`` when given; a superseded report only when named)."""
    portal = content.portal
    written: dict[str, str] = {}
    issues: list[Issue] = []
    for report in portal.reports:
        if numbers and report.number not in numbers:
            continue
        if not _freezable(report, bool(numbers)):
            if numbers:
                issues.append(_not_issued(report))
            continue
        if report.path in portal.snapshots:
            continue  # frozen already (a stale or edited snapshot is check's S002/S003)
        snapshot = compute_snapshot(content.engine, report, LANGUAGES)
        errors = block_errors(snapshot)
        if errors:
            issues += [_cannot_freeze(report, reason) for reason in errors]
            continue
        written[snapshot_path(report.path)] = dump_snapshot(snapshot)
    missing = numbers - {r.number for r in portal.reports}
    issues += [_unknown(number) for number in sorted(missing)]
    return written, issues


def check_drift(content: ReportContent, lang: str = "zh") -> list[Issue]:
    """S010 for every approved report whose frozen figures differ from today's exports."""
    issues = []
    for report in content.portal.reports:
        frozen = content.portal.snapshot(report)
        if frozen is None or report.status is not Status.APPROVED:
            continue
        changes = drift(frozen, content.live(report, lang), lang)
        if changes:
            issues.append(_drift_issue(report, changes))
    return issues


def drift(frozen: Snapshot, live: Snapshot, lang: str) -> list[str]:
    """What differs, as text: each KPI with its frozen and current value, then every other
    block (a table or chart) that would read differently."""
    changes = []
    for kpi, old in sorted(frozen.kpis.items()):
        new = live.kpis.get(kpi, {})
        if _differs(old.get("value"), new.get("value")):
            changes.append(_kpi_change(kpi, old.get("value"), new.get("value"), lang))
    changed_kpis = bool(changes)
    for key, block in frozen.blocks.items():
        if frozen.output(key, lang) != live.output(key, lang) and not (
            changed_kpis and block.get("macro") in ("kpi_table", "trend_chart", "sla_table")
        ):
            changes.append(f"{block.get('macro')}({_arguments(block)}) reads differently")
    return changes


def _differs(old: object, new: object) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    return abs(float(old) - float(new)) > TOLERANCE  # type: ignore[arg-type]


def _kpi_change(kpi: str, old: object, new: object, lang: str) -> str:
    definition = get_definition(kpi)
    if definition is None:
        return f"{kpi}: {old} -> {new}"
    before = format_value(old, definition, lang)  # type: ignore[arg-type]
    after = format_value(new, definition, lang)  # type: ignore[arg-type]
    delta = ""
    if old is not None and new is not None:
        delta = f" ({float(new) - float(old):+.4g})"  # type: ignore[arg-type]
    return f"{kpi}: {before} -> {after}{delta}"


def _arguments(block: dict[str, object]) -> str:
    args = [repr(a) for a in block.get("args") or []]  # type: ignore[attr-defined]
    kwargs = block.get("kwargs") or {}
    args += [f"{k}={v!r}" for k, v in kwargs.items()]  # type: ignore[attr-defined]
    return ", ".join(args)


def _freezable(report: Report, named: bool) -> bool:
    return report.status is Status.APPROVED or (named and report.status is Status.SUPERSEDED)


def _drift_issue(report: Report, changes: list[str]) -> Issue:
    return Issue(
        report.path,
        report.line_of("number"),
        "snapshot",
        "S010",
        "recomputed from today's exports, the issued figures would differ: " + "; ".join(changes),
        f"the report keeps its issued figures; if the exports were corrected, issue an "
        f"amendment: reportal new --amend {report.number}",
        Severity.WARNING,
    )


def _cannot_freeze(report: Report, reason: str) -> Issue:
    return Issue(
        report.path,
        report.line_of("status"),
        "body",
        "S007",
        f"cannot freeze: {reason}",
        "fix the macro call or the data, then run `reportal freeze` again",
    )


def _not_issued(report: Report) -> Issue:
    return Issue(
        report.path,
        report.line_of("status"),
        "status",
        "S008",
        f'only approved reports are frozen; {report.number} is "{report.status.value}"',
        "approve the report first (status: approved, approver, approved_on, issued)",
    )


def _unknown(number: str) -> Issue:
    return Issue(".", None, "number", "S009", f'no report has the number "{number}"')
