"""Every bad-input case gives exactly the expected ``file:line: field`` issues."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from casefiles import Case, issue_key, key, load_cases, validation_issues, write_case

from reportal.issues import render_text
from reportal.kpi.checks import check_all, check_portal

CASES = load_cases()


def test_the_suite_covers_the_acceptance_list() -> None:
    names = {case.name for case in CASES}
    assert len(names) >= 40
    for required in (
        "yaml_malformed", "front_matter_indented", "norway_in_enum", "leading_zeros_period",
        "invalid_date", "duplicate_key", "unknown_field", "missing_field", "unknown_customer",
        "approver_is_author", "approver_without_role", "duplicate_numbers", "filename_not_number",
        "supersedes_missing", "supersedes_foreign_customer", "supersedes_cycle",
        "jinja_attribute_access", "jinja_config", "jinja_include", "jinja_for_loop", "jinja_set",
        "jinja_filter", "jinja_unknown_macro", "jinja_non_literal_argument", "jinja_syntax_error",
        "html_script", "html_onclick", "html_javascript_link",
        "registry_markup", "html_hand_made_chart", "lookalike_numbers", "future_dates",
        "front_matter_nested_deep", "jinja_hidden_braces",
    ):  # fmt: skip
        assert required in names


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Case, tmp_portal: Callable[..., Path]) -> None:
    root = tmp_portal()
    write_case(root, case)
    portal = check_all(root)
    found = validation_issues(portal.issues)
    assert sorted(issue_key(i) for i in found) == sorted(key(row) for row in case.expect), (
        "\n".join(render_text(i) for i in found)
    )
    assert set(check_portal(root).issues) <= set(portal.issues)
    for row in case.expect:
        issue = next(i for i in found if issue_key(i) == key(row))
        assert row.get("message", "") in issue.message
        assert row.get("hint", "") in (issue.hint or "")
        assert str(root) not in render_text(issue)
