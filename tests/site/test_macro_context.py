"""Where a failing macro call is: the line named in a build error."""

from __future__ import annotations

from reportal.site.macro_context import call_line

TEXT = """---
title: x
---
{{ trend_chart("sla.resolution", periods=12) }}

{{ kpi_table("sla") }}
{{ trend_chart("sla.resolution", periods=-1) }}
"""


def test_the_call_with_the_same_keyword_arguments_is_found() -> None:
    assert call_line(TEXT, "trend_chart", ("sla.resolution",), kwargs={"periods": -1}) == 7
    assert call_line(TEXT, "trend_chart", ("sla.resolution",), kwargs={"periods": 12}) == 4


def test_positional_arguments_and_the_body_offset() -> None:
    assert call_line(TEXT, "kpi_table", ("sla",)) == 6
    assert call_line(TEXT, "kpi_table", ("sla",), first_line=10) == 15


def test_no_exact_match_gives_the_first_call_and_no_call_gives_none() -> None:
    assert call_line(TEXT, "trend_chart", ("csat.mean",)) == 4
    assert call_line(TEXT, "satisfaction", ()) is None
    assert call_line("{{ kpi_table(", "kpi_table", ()) == 1  # unparsable: the first mention
