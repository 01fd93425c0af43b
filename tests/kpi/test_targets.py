"""Target states: met at the target, warning down to the warning line, critical below it
(severe beyond the critical line); mirrored for lower-is-better KPIs; never a state for None."""

from __future__ import annotations

import pytest

from reportal.kpi.definition_set import get_definition
from reportal.kpi.format import format_value
from reportal.kpi.targets import Target, assess, customer_targets, target_for

SLA = Target(95, warning=92, critical=90)  # higher is better
ABANDON = Target(5, warning=8, critical=10)  # lower is better


@pytest.mark.parametrize(
    ("value", "state", "severe"),
    [(95.0, "met", False), (99, "met", False), (94.9, "warning", False), (92, "warning", False),
     (91.9, "critical", False), (90, "critical", False), (89.9, "critical", True)],
)  # fmt: skip
def test_higher_is_better(value: float, state: str, severe: bool) -> None:
    result = assess(value, SLA, True)
    assert (result.state, result.severe) == (state, severe)


@pytest.mark.parametrize(
    ("value", "state", "severe"),
    [(5, "met", False), (4, "met", False), (6, "warning", False), (8, "warning", False),
     (9, "critical", False), (10.5, "critical", True)],
)  # fmt: skip
def test_lower_is_better(value: float, state: str, severe: bool) -> None:
    result = assess(value, ABANDON, False)
    assert (result.state, result.severe) == (state, severe)


def test_no_value_no_target_and_volumes() -> None:
    assert assess(None, SLA, True).state == "no_data"
    assert assess(50, None, True).state == "no_target"
    assert assess(50, SLA, None).state == "no_target"


def test_targets_from_customers_yml_shapes() -> None:
    targets = {"a": {"target": 95, "warning": 92}, "b": 3, "c": {"warning": 1}}
    assert target_for(targets, "a") == Target(95, 92, None)
    assert target_for(targets, "b") == Target(3)
    assert target_for(targets, "c") is None and target_for(targets, "zzz") is None


def test_every_target_of_a_customer_read_by_the_one_parser() -> None:
    # a customer entry the schema rejected keeps its text: "95" still reads, "abc" is no target
    targets = {"a": {"target": "95", "warning": 92}, "b": 3, "c": {"target": "abc"}, "d": "7"}
    assert customer_targets(targets) == {"a": Target(95, 92, None), "b": Target(3)}


def test_formatting_never_shows_nan() -> None:
    share = get_definition("sla.resolution")
    assert share is not None
    assert format_value(None, share) == "无数据"
    assert format_value(float("nan"), share) == "无数据"
    assert format_value(97.26, share) == "97.3%"
