"""Front-matter text reaches pages as text: HTML-escaped, Markdown-escaped, never Jinja."""

from __future__ import annotations

import html

import markdown
import pytest

from reportal.portal.escape import escape_braces, escape_html, escape_markdown

NASTY = [
    "</title><script>alert(1)</script>",
    "{{ config }} {% include 'x' %}",
    "A | B * _c_ [d](e) `f` #g !h \\i",
    "\"quoted\" & 'single'",
    "华信银行 2026 年 10 月 IT 运维服务报告",
]


@pytest.mark.parametrize("text", NASTY)
def test_markdown_escape_renders_back_to_the_same_text(text: str) -> None:
    html = markdown.markdown(escape_markdown(text), extensions=["tables"])
    assert html == "<p>" + escape_html(text).replace("&quot;", '"').replace("&#x27;", "'") + "</p>"


@pytest.mark.parametrize("text", NASTY)
def test_markdown_escape_survives_a_table_cell(text: str) -> None:
    table = f"| a | b |\n| --- | --- |\n| {escape_markdown(text)} | x |\n"
    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 2
    assert "<script>" not in html and "{{" not in html and "{%" not in html


def test_html_escape_hides_braces_and_tags() -> None:
    assert escape_html("<b>{{ x }}</b>") == "&lt;b&gt;&#123;&#123; x &#125;&#125;&lt;/b&gt;"
    assert escape_braces("<p>{a}</p>") == "<p>&#123;a&#125;</p>"


def test_newlines_cannot_break_a_table_row() -> None:
    assert "\n" not in escape_markdown("one\ntwo\r\nthree")


@pytest.mark.parametrize("extensions", [["tables"], ["tables", "pymdownx.tilde"]])
def test_a_tilde_shows_as_a_tilde_with_or_without_strikethrough(extensions: list[str]) -> None:
    rendered = markdown.markdown(escape_markdown("~~kept~~ a~b"), extensions=extensions)
    assert html.unescape(rendered) == "<p>~~kept~~ a~b</p>"  # no backslash, no <del>


def test_dates_and_numbers_stay_readable_in_the_markdown() -> None:
    assert escape_markdown("2026-10-01 99.5%") == "2026-10-01 99.5%"
    assert escape_markdown(2026) == "2026"  # any value, as its text
