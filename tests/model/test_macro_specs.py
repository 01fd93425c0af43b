"""One description per macro: the allow-list, the KPI layer's macros, the adapter's registration
and docs/reference/macros.md all come from ``reportal.model.macros.ALLOWED_MACROS``."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportal.kpi.definition_set import require_definition, require_family
from reportal.kpi.macro_set import MACROS
from reportal.model.macros import ALLOWED_MACROS
from scripts_loader import script_module

ROOT = Path(__file__).resolve().parents[2]
PAGES = {"zh": ROOT / "docs/reference/macros.md", "en": ROOT / "docs/reference/macros.en.md"}


def test_every_allowed_macro_has_one_kpi_macro_with_its_spec() -> None:
    assert list(MACROS) == list(ALLOWED_MACROS)
    assert all(MACROS[name].spec is ALLOWED_MACROS[name] for name in MACROS)


def test_every_macro_has_docs_in_both_languages() -> None:
    for spec in ALLOWED_MACROS.values():
        assert spec.doc and spec.doc["zh"] and spec.doc["en"], spec.name
        assert all(a.doc["zh"] and a.doc["en"] for a in spec.arguments), spec.name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_macro_reference_is_generated_and_current(lang: str) -> None:
    text = script_module("gen_reference").render_macros(lang)
    assert PAGES[lang].read_text("utf-8") == text, "run `.venv/bin/python scripts/gen_reference.py`"
    assert "{{" not in text and "{%" not in text
    for spec in ALLOWED_MACROS.values():
        assert f"## {spec.name}\n\n`{spec.signature()}`" in text
        assert spec.doc and spec.doc[lang] in text
        assert all(argument.doc[lang] in text for argument in spec.arguments)


def test_reference_gives_argument_ranges_from_the_spec() -> None:
    text = PAGES["en"].read_text("utf-8")
    assert "| `periods=` | whole number | no | 2–60 | `12` |" in text
    assert "| `forecast=` | whole number | no | 1–12 | `0` |" in text
    assert "| `periods=` | 整数 | 否 | 2–60 | `12` |" in PAGES["zh"].read_text("utf-8")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        (12, []),
        (60, []),
        (True, ["trend_chart(): periods must be a whole number, not True"]),
        (12.0, ["trend_chart(): periods must be a whole number, not 12.0"]),
        ("3", ["trend_chart(): periods must be a whole number, not '3'"]),
        (1, ["trend_chart(): periods must be 2 to 60, not 1"]),
    ],
)
def test_a_whole_number_argument_is_checked_against_its_range(
    value: object, expected: list[str]
) -> None:
    spec = ALLOWED_MACROS["trend_chart"]
    found = [message for _, message, _ in spec.argument("periods").problems(spec.name, value)]
    assert found == expected


def test_forecast_zero_is_its_default_not_out_of_range() -> None:
    spec = ALLOWED_MACROS["trend_chart"]
    assert list(spec.argument("forecast").problems(spec.name, 0)) == []
    assert [code for code, _, _ in spec.argument("forecast").problems(spec.name, 13)] == ["B022"]


def test_unknown_kpi_and_family_are_one_message_each() -> None:
    with pytest.raises(LookupError, match=r'unknown KPI "sla.resolutoin" \(did you mean'):
        require_definition("sla.resolutoin")
    with pytest.raises(LookupError, match=r'unknown KPI family "qualty" \(expected one of: '):
        require_family("qualty")
