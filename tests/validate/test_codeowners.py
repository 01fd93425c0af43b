"""CODEOWNERS from data/people.yml and reportal.yml, and `reportal check` on a stale one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from reportal.issues import Severity
from reportal.kpi.checks import check_portal
from reportal.model.registry import Person, PortalSettings, Provider, Registry
from reportal.validate.codeowners import GENERATED, render_codeowners
from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORTAL = Path(sys.executable).parent / "reportal"


def registry(owners: tuple[str, ...] = (), **people: Person) -> Registry:
    settings = PortalSettings(provider=Provider(name="P"), owners=owners)
    return Registry(settings, {"acme": None, "beta": None}, people, {})  # type: ignore[dict-item]


def test_reports_need_their_customers_approvers_and_reviewers() -> None:
    people = {
        "ann": Person("ann", "Ann", github="ann-gh", roles={"acme": ("approver",)}),
        "bob": Person("bob", "Bob", email="bob@p.example", roles={"*": ("approver",)}),
        "cat": Person("cat", "Cat", github="@cat", roles={"beta": ("reviewer", "author")}),
        "dan": Person("dan", "Dan", github="dan", roles={"acme": ("author",)}),
    }
    text = render_codeowners(registry(("ann", "@org/portal-admins"), **people)).text
    lines = text.splitlines()
    assert lines[0] == GENERATED
    assert "/reports/acme/ @ann-gh bob@p.example" in lines
    assert "/reports/beta/ bob@p.example @cat" in lines  # the reviewer role counts too
    for path in ("/mkdocs.yml", "/macros/", "/data/*.yml", "/reportal.yml"):
        assert f"{path} @ann-gh @org/portal-admins" in lines
    assert "@dan" not in text  # an author is not a code owner


def test_owners_and_people_without_a_name_are_reported() -> None:
    people = {"ann": Person("ann", "Ann", roles={"acme": ("approver",)})}
    generated = render_codeowners(registry(("ann", "nobody"), **people))
    codes = sorted((i.code, i.field, i.severity) for i in generated.issues)
    assert codes == [
        ("O002", "owners.1", Severity.ERROR),
        ("O003", "ann", Severity.WARNING),
        ("O003", "ann", Severity.WARNING),
    ]
    assert "/reports/acme/  # nobody with a GitHub name or e-mail holds the role" in generated.text


def test_the_demo_codeowners_is_generated_and_fresh() -> None:
    demo, issues = load_registry(REPO_ROOT)
    assert issues == []
    generated = render_codeowners(demo)
    assert generated.issues == []
    assert (REPO_ROOT / "CODEOWNERS").read_text("utf-8") == generated.text
    assert "/reports/huaxin/ @liu-yang-yj @sun-li-yj @wang-qiang-yj" in generated.text


def test_check_reports_a_stale_codeowners_in_any_forge_location(
    tmp_portal: Callable[..., Path],
) -> None:
    root = tmp_portal()
    assert [i for i in check_portal(root).issues if i.code.startswith("O")] == []  # no file
    fresh = render_codeowners(load_registry(root)[0]).text
    (root / ".github").mkdir()
    (root / ".github/CODEOWNERS").write_text(fresh, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs/CODEOWNERS").write_text("* @someone\n", encoding="utf-8")  # hand-written
    assert [i for i in check_portal(root).issues if i.code.startswith("O")] == []
    people = root / "data/people.yml"
    people.write_text(
        people.read_text("utf-8").replace("github: sun-li-yj", "github: sunli"), "utf-8"
    )
    (stale,) = [i for i in check_portal(root).issues if i.code.startswith("O")]
    assert (stale.file, stale.code, stale.is_error) == (".github/CODEOWNERS", "O001", True)
    assert stale.hint == "run `reportal codeowners`"
    first = next(n for n, line in enumerate(fresh.splitlines(), 1) if "@sun-li-yj" in line)
    assert stale.line == first


def test_codeowners_command_writes_then_checks(tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal()
    env = {**os.environ, "REPORTAL_TODAY": "2026-11-28"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [str(REPORTAL), "codeowners", *args, "--root", str(root)]
        return subprocess.run(command, capture_output=True, text=True, env=env)

    missing = run("--check")
    assert missing.returncode == 1 and "CODEOWNERS does not exist [O001]" in missing.stderr
    written = run()
    assert written.returncode == 0 and "wrote CODEOWNERS" in written.stdout
    assert run("--check").returncode == 0
    assert "nothing written" in run().stdout
    settings = root / "reportal.yml"
    settings.write_text(settings.read_text("utf-8").replace("[wang.qiang]", "[sun.li]"), "utf-8")
    stale = run("--check")
    assert stale.returncode == 1
    assert "CODEOWNERS:6: CODEOWNERS is out of date" in stale.stderr
    assert "expected `/mkdocs.yml @sun-li-yj`" in stale.stderr
