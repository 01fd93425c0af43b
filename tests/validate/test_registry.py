"""Registry files: schemas with lines, and references between the files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportal.issues import Issue
from reportal.validate.registry_checks import load_registry


def rows(issues: list[Issue]) -> list[tuple[str, int | None, str | None, str]]:
    return sorted((i.file, i.line, i.field, i.code) for i in issues)


def test_demo_registry_is_clean_and_typed(repo_root: Path) -> None:
    registry, issues = load_registry(repo_root)
    assert issues == []
    huaxin = registry.customers["huaxin"]
    assert huaxin.code == "HUAXIN"
    assert huaxin.sla["P1"] == {"response": 0.25, "resolution": 4}
    assert huaxin.targets["sla.resolution"]["target"] == 95
    assert registry.people["wang.qiang"].has_role("dingsheng", "approver")
    assert not registry.people["li.na"].has_role("huaxin", "approver")
    assert registry.plan["huaxin"][0]["due"] == {"rule": "working_day", "n": 5}
    assert registry.settings.provider.phone == "0571-8888 6000"


CUSTOMERS = """\
acme:
  name: 艾克米
  short_name: 艾克米
  code: ACME
  service_hours: 24x7
  calendar: cn-mainland
  sla:
    P1: {response: fast, resolution: 4}
  targets:
    sla.resolution: {target: 95}
  adress: somewhere
beta:
  name: 贝塔
  short_name: 贝塔
  code: ACME
  service_hours: office
  calendar: cn-mainlnd
"""


def test_customer_errors_point_at_their_lines(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal({"data/customers.yml": CUSTOMERS})
    _, issues = load_registry(root)
    found = rows([i for i in issues if i.file == "data/customers.yml"])
    assert found == [
        ("data/customers.yml", 8, "acme.sla.P1.response", "R005"),
        ("data/customers.yml", 11, "acme.adress", "R002"),
        ("data/customers.yml", 15, "beta.code", "D015"),
        ("data/customers.yml", 16, "beta.service_hours", "R003"),
        ("data/customers.yml", 17, "beta.calendar", "D013"),
    ]
    by_field = {i.field: i for i in issues}
    assert by_field["acme.adress"].hint == "did you mean `address`?"
    assert by_field["beta.calendar"].hint == "did you mean `cn-mainland`?"
    assert 'found "fast"' in by_field["acme.sla.P1.response"].message


def test_people_referring_to_removed_customers(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(
        {
            "data/customers.yml": CUSTOMERS.replace(
                "code: ACME\n  service_hours: office", "code: BETA\n  service_hours: business"
            )
        }
    )
    _, issues = load_registry(root)
    people = [i for i in issues if i.file == "data/people.yml"]
    assert {i.code for i in people} == {"D010"}
    assert {i.field for i in people} >= {"li.na.roles.huaxin", "li.na.roles.dingsheng"}
    plan = [i for i in issues if i.file == "data/plan.yml"]
    assert {(i.field, i.code) for i in plan} == {("huaxin", "D010"), ("dingsheng", "D010")}


def test_missing_files_and_bad_yaml(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal({"data/people.yml": "li.na:\n  name: [unclosed\n"})
    (root / "data" / "plan.yml").unlink()
    registry, issues = load_registry(root)
    assert ("data/plan.yml", None, None, "D001") in rows(issues)
    (bad,) = [i for i in issues if i.file == "data/people.yml"]
    assert (bad.code, bad.line) == ("D002", 3)
    assert registry.people == {}


def test_duplicate_ids_and_top_level_list(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal(
        {
            "data/calendars.yml": "- a\n- b\n",
            "data/people.yml": "x:\n  name: X\n  roles: {}\nx:\n  name: Y\n  roles: {}\n",
        }
    )
    _, issues = load_registry(root)
    assert ("data/calendars.yml", 1, None, "D003") in rows(issues)
    assert ("data/people.yml", 4, "x", "D004") in rows(issues)


def test_settings_schema(tmp_portal: Callable[..., Path]) -> None:
    text = "provider: {name: P}\nnumber_pattern: '^SR-(\\d+)$'\nlanguage: fr\nreport_dir: r\n"
    root = tmp_portal({"reportal.yml": text})
    registry, issues = load_registry(root)
    assert rows(issues) == [
        ("reportal.yml", 2, "number_pattern", "R006"),
        ("reportal.yml", 3, "language", "R003"),
        ("reportal.yml", 4, "report_dir", "R002"),
    ]
    assert "(?P<code>" in registry.settings.number_pattern  # the default, not the bad pattern
    assert registry.settings.language == "zh"


def test_plan_entry_schema(tmp_portal: Callable[..., Path]) -> None:
    text = """\
huaxin:
  - id: monthly
    category: regular
    frequency: weekly
    author: li.na
    approver: li.na
    due: {rule: working_day, n: five}
    start: 2025-13
"""
    root = tmp_portal({"data/plan.yml": text})
    _, issues = load_registry(root)
    assert rows(issues) == [
        ("data/plan.yml", 4, "huaxin.0.frequency", "R003"),
        ("data/plan.yml", 6, "huaxin.0.approver", "D012"),
        ("data/plan.yml", 7, "huaxin.0.due.n", "R005"),
        ("data/plan.yml", 8, "huaxin.0.start", "R006"),
    ]


def test_calendar_schema(tmp_portal: Callable[..., Path]) -> None:
    text = (
        "cn:\n  timezone: Asia/Shanghia\n"
        "  working_hours: {start: '9:00', end: '18:00'}\n  holidays: [2026-02-30]\n"
    )
    root = tmp_portal({"data/calendars.yml": text, "data/customers.yml": ""})
    _, issues = load_registry(root)
    cal = rows([i for i in issues if i.file == "data/calendars.yml"])
    assert cal == [
        ("data/calendars.yml", 2, "cn.timezone", "R006"),
        ("data/calendars.yml", 3, "cn.working_hours.start", "R006"),
        ("data/calendars.yml", 4, "cn.holidays.0", "R004"),
    ]


WEIRD = [
    "",
    "just text\n",
    "- a\n- b\n",
    "x: 5\n",
    "x: [1, 2]\n",
    "x:\n  roles: [author]\n  sla: 3\n  targets: {a: 1}\n  name: {a: b}\n",
    "x:\n  - 1\n  - {id: [a]}\n",
    "x: {roles: {'*': approver}, calendar: [a], code: {}, contact: x}\n",
    "'*': {due: 5, start: [], holidays: x, timezone: 5, working_hours: []}\n",
    "x: &a {y: *a}\n",
    "\x00\x01",
]


def test_weird_registry_files_never_raise(tmp_portal: Callable[..., Path]) -> None:
    names = ("reportal.yml", "data/customers.yml", "data/people.yml", "data/plan.yml",
             "data/calendars.yml")  # fmt: skip
    for text in WEIRD:
        for name in names:
            root = tmp_portal({name: text})
            _, issues = load_registry(root)
            assert all(i.file in names for i in issues)
            assert all(i.line is None or i.line >= 1 for i in issues)
            (root / name).write_text((Path(__file__).parents[2] / name).read_text("utf-8"), "utf-8")
