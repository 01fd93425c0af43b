"""The UI string catalogue (model/strings.yml): every key in both languages, every key the code
names exists, every key is used, and English pages carry no full-width brackets."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from string import Formatter

import pytest
import yaml

from reportal.model import strings
from reportal.model.plan import FREQUENCIES
from reportal.model.report import Category, Status
from reportal.model.schedule import PlanState

SRC = Path(strings.__file__).resolve().parents[1]
FULL_WIDTH = re.compile("[（）]")


def test_every_key_has_a_chinese_and_an_english_text() -> None:
    missing = {
        key: sorted({"zh", "en"} - {lang for lang, text in texts.items() if text.strip()})
        for key, texts in strings.catalogue().items()
        if set(texts) != {"zh", "en"} or not all(t.strip() for t in texts.values())
    }
    assert missing == {}


def test_chinese_texts_have_han_and_english_texts_have_none() -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    texts = strings.catalogue()
    assert {k: t["en"] for k, t in texts.items() if han.search(t["en"])} == {}
    assert all(han.search(t["zh"]) for k, t in texts.items() if k.startswith("field."))


def test_english_texts_use_ascii_brackets_and_separators() -> None:
    full_width = re.compile("[（），；：]")
    assert {k: t["en"] for k, t in strings.catalogue().items() if full_width.search(t["en"])} == {}


def test_both_languages_take_the_same_fields() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    differ = {
        key: (fields(texts["zh"]), fields(texts["en"]))
        for key, texts in strings.catalogue().items()
        if fields(texts["zh"]) != fields(texts["en"])
    }
    assert differ == {}


def test_text_fills_fields_and_falls_back_to_chinese_only_for_other_languages() -> None:
    assert strings.text("listing.count", "en", n=3) == "3 reports."
    assert strings.text("listing.count", "zh", n=3) == "共 3 份报告。"
    assert strings.text("listing.count", "fr", n=3) == "共 3 份报告。"
    with pytest.raises(KeyError):
        strings.text("listing.no_such_key", "zh")


def test_one_term_for_the_report_period_and_the_issue_date() -> None:
    zh = [t["zh"] for t in strings.catalogue().values()]
    assert not [t for t in zh if "报告期" in t and "报告期间" not in t]
    assert not [t for t in zh if "发布日期" in t]
    assert strings.text("field.period", "zh") == "报告期间"
    assert strings.text("field.issued", "zh") == "签发日期"


def _schema_allowed(schema: str, field: str) -> list[str]:
    text = (SRC / "model" / "schemas" / schema).read_text(encoding="utf-8")
    return [str(v) for v in yaml.safe_load(text)[field]["allowed"]]


ENUM_GROUPS = {  # catalogue group -> every value it names (looked up as f"group.{value}")
    "category": [c.value for c in Category],
    "status": [s.value for s in Status],
    "plan_state": [s.value for s in PlanState],
    "frequency": list(FREQUENCIES),
    "confidentiality": _schema_allowed("report.yml", "confidentiality"),
}


@pytest.mark.parametrize(("group", "values"), ENUM_GROUPS.items())
def test_every_value_has_a_text(group: str, values: list[str]) -> None:
    named = {key.split(".", 1)[1] for key in strings.catalogue() if key.startswith(f"{group}.")}
    assert named == set(values)


# ---- keys in the source ----------------------------------------------------------------------


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_lookup(node: ast.AST) -> bool:
    """A call of ``strings.text``, ``text`` or ``ctx.text`` (the catalogue's look-ups)."""
    if not isinstance(node, ast.Call) or not node.args:
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "text") or (
        isinstance(func, ast.Attribute) and func.attr == "text"
    )


@cache
def _scan() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """``(literal keys looked up -> where, groups named by an f-string ``f"group.{name}"`` ->
    where, every string constant of the source)``."""
    literal: dict[str, str] = {}
    groups: dict[str, str] = {}
    constants: set[str] = set()
    for path, module in _modules():
        for node in ast.walk(module):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                prefix = str(node.values[0].value)  # f"group.{name}"
                if re.fullmatch(r"[a-z_]+\.", prefix):
                    groups[prefix.removesuffix(".")] = where
            if not _is_lookup(node):
                continue
            first = node.args[0]  # type: ignore[attr-defined]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                literal[first.value] = where
    return literal, groups, frozenset(constants)


def _looks_like_key(value: str) -> bool:
    group = value.split(".", 1)[0]
    return bool(re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", value)) and any(
        key.startswith(f"{group}.") for key in strings.catalogue()
    )


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    literal, _, constants = _scan()
    catalogue = strings.catalogue()
    assert "field.period" in literal.keys() | constants  # the scan sees the look-ups
    unknown = {key: where for key, where in literal.items() if "." in key and key not in catalogue}
    assert unknown == {}
    named = {c for c in constants if _looks_like_key(c)}  # keys kept in tuples and dicts
    assert sorted(named - catalogue.keys()) == []


def test_every_catalogue_key_is_used() -> None:
    """Used: named in full in the source; or its group is built as ``f"group.{name}"`` and
    either names every value of a field (``ENUM_GROUPS``, checked above) or its name is a
    string in the source (a column id, a ``word()`` key)."""
    literal, groups, constants = _scan()
    names = literal.keys() | constants
    unused = []
    for key in strings.catalogue():
        group, name = key.rsplit(".", 1)
        by_name = group in groups and (group in ENUM_GROUPS or name in constants)
        if key.startswith("block."):  # kpi/block_texts.py names these relative to the group,
            parts = key.split(".")[1:]  # or reads a whole group ("headers") in the file's order
            by_name = any(".".join(parts[:n]) in constants for n in range(1, len(parts) + 1))
            by_name = by_name or (".".join(parts[:-1]) in groups and parts[-1] in constants)
        if key not in names and not by_name:
            unused.append(key)
    assert unused == []
    assert set(ENUM_GROUPS) <= set(groups)


def test_the_catalogue_ships_with_the_package() -> None:
    pyproject = (SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"**/*.yml"' in pyproject
    assert (SRC / "model" / strings.CATALOGUE).is_file()


# ---- English pages -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def english(repo_root: Path):  # type: ignore[no-untyped-def]
    from reportal.portal.generated import make_context
    from reportal.validate.portal import load_portal

    return make_context(load_portal(repo_root), "provider", date(2026, 11, 28), "en")


def _headings(markdown: str) -> list[str]:
    lines = [line for line in markdown.splitlines() if line.startswith("#")]
    return lines + re.findall(r'aria-label="([^"]*)"', markdown)  # chart titles


def test_english_dashboard_headings_have_no_full_width_brackets(english, repo_root: Path) -> None:  # type: ignore[no-untyped-def]
    from reportal.portal.dashboard import dashboard_pages, engine_source

    pages = dashboard_pages(english, engine_source(repo_root))
    headings = [h for page in pages.values() for h in _headings(page)]
    assert any(h.endswith(" (%)") for h in headings)  # a KPI with a unit: "Availability (%)"
    assert [h for h in headings if FULL_WIDTH.search(h)] == []


def test_english_action_register_marks_overdue_actions_in_ascii(english, repo_root: Path) -> None:  # type: ignore[no-untyped-def]
    from reportal.portal.actions import actions_page

    page = actions_page(english, repo_root)
    assert "(overdue)" in page
    assert FULL_WIDTH.findall(page) == []


def test_english_report_header_gives_titles_in_ascii_brackets(repo_root: Path) -> None:
    from reportal.portal.header import render_header
    from reportal.validate.portal import load_portal

    portal = load_portal(repo_root)
    report = next(r for r in portal.reports if r.approver and r.status.is_issued)
    header = render_header(report, portal.registry, lang="en", successors=[], link_for=str)
    person = portal.registry.people[report.approver]
    assert f"<dt>Approved by</dt><dd>{person.name} ({person.title})</dd>" in header
    assert FULL_WIDTH.findall(header) == []
