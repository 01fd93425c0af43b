"""Body checks on their own: lines, several issues per body, and what stays allowed."""

from __future__ import annotations

import pytest

from factories import make_report
from reportal.model.macros import ALLOWED_MACROS
from reportal.model.report import Report, Status
from reportal.validate.body import check_report_body, macro_calls


def report(body: str, body_line: int = 14) -> Report:
    return make_report(
        title="t",
        status=Status.DRAFT,
        approver=None,
        approved_on=None,
        issued=None,
        body=body,
        body_line=body_line,
    )


def found(body: str) -> list[tuple[int | None, str]]:
    return [(i.line, i.code) for i in check_report_body(report(body))]


def test_every_allowed_macro_with_its_arguments_passes() -> None:
    lines = []
    for spec in ALLOWED_MACROS.values():
        args = [f'"{p}"' for p in spec.positional[: spec.required]]
        args += [f"{k}=3" for k in spec.keywords if k not in spec.positional]
        lines.append(f"{{{{ {spec.name}({', '.join(args)}) }}}}")
    assert found("\n\n".join(lines)) == []


def test_plain_markdown_and_harmless_html_pass() -> None:
    body = (
        "# 摘要\n\n本月 JavaScript: 前端超时 3 次（onclick 事件）。\n\n"
        '<div class="note">见 [说明](https://example.com/a?x=1)</div>\n{# 作者注释 #}\n'
        "| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert found(body) == []


def test_literal_keyword_values_and_negative_numbers() -> None:
    assert found('{{ trend_chart("sla.response", periods=-1) }}') == []
    assert found('{{ trend_chart(kpi="sla.response", periods=6) }}') == []


def test_lines_are_file_lines_and_all_issues_are_reported() -> None:
    body = "text\n{{ config }}\n\n{% include 'x' %}\n<script>x</script>\n{{ kpi_table(x) }}\n"
    assert found(body) == [(15, "B003"), (17, "B002"), (19, "B006"), (18, "B010")]


def test_syntax_error_line() -> None:
    assert found("a\nb\n{{ kpi_table('sla') \n") == [(16, "B001")]
    assert found("{% for %}") == [(14, "B001")]


def test_statement_is_reported_once_not_its_contents() -> None:
    assert found("{% if true %}\n{{ config }}\n{% endif %}\n") == [(14, "B002")]


def test_duplicate_argument_and_two_problems_in_one_call() -> None:
    codes = found('{{ trend_chart("a", kpi="b", months=2) }}')
    assert codes == [(14, "B007"), (14, "B007")]


def test_const_output_is_not_a_macro_call() -> None:
    assert found('{{ "<b>x</b>" }}') == [(14, "B003")]


def test_star_args_are_rejected() -> None:
    assert (14, "B006") in found("{{ kpi_table(*families) }}")


@pytest.mark.parametrize(
    ("html", "code"),
    [
        ("<SCRIPT src=x>", "B010"),
        ("< script>", "B010"),
        ("<object data=x>", "B011"),
        ("<embed src=x>", "B011"),
        ("<style>body{}</style>", "B011"),
        ('<img src=x onerror="a()">', "B012"),
        ("<div\n  onmouseover='x'>", "B012"),
        ("[a]: javascript:alert(1)", "B013"),
        ("<javascript:alert(1)>", "B013"),
        ('<a href="  JaVaScRiPt:alert(1)">', "B013"),
        ('<a href="java\tscript:alert(1)">', "B013"),
        ('<a href="vbscript:x">', "B013"),
        ("[x](data:text/html,<b>)", "B013"),
    ],
)
def test_dangerous_html(html: str, code: str) -> None:
    assert code in {c for _, c in found(html)}


def test_calls_with_literals_are_read_and_others_left_to_validation() -> None:
    body = '{{ kpi_table("sla") }}\n\n{{ trend_chart("csat.mean", periods=-2) }}\n'
    body += "{{ x.y }}\n{{ f(a) }}"
    calls = macro_calls(body)
    assert [(c.name, c.line, c.args, dict(c.kwargs)) for c in calls] == [
        ("kpi_table", 1, ("sla",), {}),
        ("trend_chart", 3, ("csat.mean",), {"periods": -2}),
    ]
    assert macro_calls("{{ broken(") == []
