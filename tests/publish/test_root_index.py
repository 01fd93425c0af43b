"""The root of a published site is a page, not a directory listing, and names no customer."""

from __future__ import annotations

from pathlib import Path

from reportal.publish.root_index import root_index_html
from reportal.validate.registry_checks import load_registry


def test_root_page_points_staff_to_the_provider_edition_and_names_no_customer(
    repo_root: Path,
) -> None:
    registry = load_registry(repo_root)[0]
    page = root_index_html(registry)
    assert page.startswith("<!doctype html>") and '<a href="provider/">' in page
    assert "远景信息技术服务有限公司" in page
    for customer in registry.customers.values():
        for text in (customer.id, customer.name, customer.short_name, customer.code):
            assert text not in page
