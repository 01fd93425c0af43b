"""`reportal check` knows macro arguments and the sources macros read, before any build."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from reportal.kpi import macro_set
from reportal.kpi.checks import check_all

REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def portal_with(tmp_portal: Callable[..., Path], repo_root: Path, **replace: str) -> Path:
    root = tmp_portal(with_demo_reports=True, with_data=True)
    path = root / REPORT
    text = path.read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new, 1) if old in text else text + f"\n{new}\n"
    path.write_text(text, encoding="utf-8")
    return root


def macro_issues(root: Path) -> list[tuple[int | None, str, str]]:
    issues = check_all(root).issues
    return [(i.line, i.code, i.message) for i in issues if i.code in ("B020", "B022", "D150")]


def line_of(root: Path, needle: str) -> int:
    lines = (root / REPORT).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_the_demo_portal_passes(tmp_portal: Callable[..., Path], repo_root: Path) -> None:
    assert macro_issues(tmp_portal(with_demo_reports=True, with_data=True)) == []


def test_unknown_family_kpi_and_bad_periods_are_reported_on_their_lines(
    tmp_portal: Callable[..., Path], repo_root: Path
) -> None:
    root = portal_with(
        tmp_portal,
        repo_root,
        **{
            '{{ kpi_table("quality") }}': '{{ kpi_table("qualty") }}',
            '{{ trend_chart("sla.resolution", periods=12) }}': (
                '{{ trend_chart("sla_attainment") }}'
            ),
            '{{ trend_chart("availability.attainment", periods=12) }}': (
                '{{ trend_chart("availability.attainment", periods=-3) }}'
            ),
        },
    )
    found = macro_issues(root)
    assert (
        line_of(root, "qualty"),
        "B020",
        'kpi_table("qualty"): there is no KPI family "qualty"',
    ) in found
    assert (
        line_of(root, "sla_attainment"),
        "B020",
        'trend_chart("sla_attainment"): there is no KPI "sla_attainment"',
    ) in found
    assert (
        line_of(root, "periods=-3"),
        "B022",
        "trend_chart(): periods must be 2 to 60, not -3",
    ) in found
    assert len(found) == 3
    hints = [i.hint for i in check_all(root).issues if i.code == "B020"]
    assert any(h and "quality" in h for h in hints)


def test_a_macro_whose_source_is_not_declared_is_reported(
    tmp_portal: Callable[..., Path], repo_root: Path
) -> None:
    root = portal_with(tmp_portal, repo_root)
    sources = root / "data/sources.yml"
    text = sources.read_text(encoding="utf-8")
    at = text.index("huaxin:")
    without = re.sub(r"\n  surveys:\n(?:    .*\n)+", "\n", text[at:], count=1)
    assert without != text[at:]
    sources.write_text(text[:at] + without, encoding="utf-8")
    found = macro_issues(root)
    assert (
        line_of(root, "{{ satisfaction() }}"),
        "D150",
        'satisfaction() reads the "surveys" source, which data/sources.yml does not declare '
        'for customer "huaxin"',
    ) in found


def test_forecast_is_for_volume_kpis_and_up_to_twelve_periods(
    tmp_portal: Callable[..., Path], repo_root: Path
) -> None:
    root = portal_with(
        tmp_portal,
        repo_root,
        **{
            '{{ trend_chart("sla.resolution", periods=12) }}': (
                '{{ trend_chart("sla.resolution", periods=12, forecast=3) }}'
            ),
            "{{ forecast_ok }}": '{{ trend_chart("tickets.opened", periods=12, forecast=3) }}',
            "{{ forecast_long }}": '{{ trend_chart("tickets.opened", 12, 13) }}',
        },
    )
    found = [(code, message) for _, code, message in macro_issues(root)]
    assert found == [
        ("B022", 'trend_chart("sla.resolution"): only volume KPIs are forecast'),
        ("B022", "trend_chart(): forecast must be 1 to 12, not 13"),
    ]


def test_a_call_repeated_across_reports_is_checked_once_and_reported_on_each_line(
    tmp_portal: Callable[..., Path], repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = portal_with(
        tmp_portal, repo_root, **{"\n## ": '\n{{ trend_chart("x", periods=1.0) }}\n\n## '}
    )
    (root / REPORT).write_text(
        (root / REPORT).read_text("utf-8") + '\n{{ trend_chart("x", periods=1.0) }}\n'
        '\n{{ trend_chart("x", periods=true) }}\n',
        encoding="utf-8",
    )
    other = root / REPORT.replace("10-01", "09-01")
    other.write_text(other.read_text("utf-8") + '\n{{ trend_chart("x", periods=1.0) }}\n', "utf-8")
    macro = macro_set.MACROS["trend_chart"]
    checked: list[macro_set.MacroCall] = []

    def counted(call: macro_set.MacroCall) -> macro_set.Checked:
        checked.append(call)
        return macro.check(call)

    monkeypatch.setitem(macro_set.MACROS, "trend_chart", replace(macro, check=counted))
    found = [i for i in check_all(root).issues if i.code == "B020"]
    lines = (root / REPORT).read_text("utf-8").splitlines()
    once = '{{ trend_chart("x", periods=1.0) }}'
    other_type = '{{ trend_chart("x", periods=true) }}'
    assert [lines[i.line - 1] for i in found if i.file == REPORT] == [once, once, other_type]
    assert [i.file for i in found if i.file != REPORT] == [other.relative_to(root).as_posix()]
    assert len([c for c in checked if c.args == ("x",)]) == 2  # periods=1.0 and =true, once each
