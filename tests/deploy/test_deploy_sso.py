"""Single sign-on: a real nginx with ``--auth sso`` asks a stub of oauth2-proxy's
``/oauth2/auth`` for every request, passing the edition's group; readers get 200, people of
other groups 403, people not signed in a redirect to the sign-in page."""

from __future__ import annotations

import pytest
from deploy_support import A_REPORT, SSO_COOKIE, A, B, get

pytestmark = pytest.mark.slow

A_PAGE = f"/customers/{A}/reports/{A}/2026/{A_REPORT}/"
PATHS = {
    "a_home": f"/customers/{A}/",
    "a_report": A_PAGE,
    "a_search": f"/customers/{A}/search/search_index.json",
    "b_home": f"/customers/{B}/",
    "b_dotdot": f"/customers/{A}/%2e%2e/{B}/",
    "provider": "/provider/",
    "unknown": "/customers/nosuch/",
    "record": f"/customers/{A}/.reportal-build.json",
}
READERS = {"A": "chen.ming", "B": "zhou.ting", "provider": "li.na", "anonymous": None}
OWNER = {"a_home": "A", "a_report": "A", "a_search": "A", "b_home": "B", "b_dotdot": "B",
         "provider": "provider"}  # fmt: skip


def expected(reader: str, name: str) -> int:
    if name == "record":
        return 404
    if reader == "anonymous":
        return 302
    return 200 if OWNER.get(name) == reader else 403


@pytest.mark.parametrize("reader", READERS)
def test_groups_decide_who_reads_what(
    sso_url: tuple[str, list[tuple[str, str | None]]], reader: str
) -> None:
    url, _ = sso_url
    user = READERS[reader]
    headers = {"Cookie": f"{SSO_COOKIE}={user}"} if user else {}
    got = {name: get(url, path, headers).status for name, path in PATHS.items()}
    assert got == {name: expected(reader, name) for name in PATHS}


def test_signed_out_readers_are_sent_to_sign_in(
    sso_url: tuple[str, list[tuple[str, str | None]]],
) -> None:
    url, _ = sso_url
    response = get(url, A_PAGE, {})
    assert response.headers["location"] == f"/oauth2/start?rd={A_PAGE}"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_refreshed_session_cookie_reaches_the_browser(
    sso_url: tuple[str, list[tuple[str, str | None]]],
) -> None:
    url, _ = sso_url
    response = get(url, A_PAGE, {"Cookie": f"{SSO_COOKIE}=chen.ming"})
    assert response.headers["set-cookie"] == f"{SSO_COOKIE}=chen.ming; Path=/; HttpOnly"
    assert "set-cookie" not in get(url, "/", {"Cookie": f"{SSO_COOKIE}=chen.ming"}).headers


def test_each_edition_asks_for_its_own_group(
    sso_url: tuple[str, list[tuple[str, str | None]]],
) -> None:
    url, seen = sso_url
    seen.clear()
    get(url, A_PAGE, {"Cookie": f"{SSO_COOKIE}=chen.ming"})
    get(url, "/provider/", {"Cookie": f"{SSO_COOKIE}=chen.ming"})
    assert set(seen) == {  # a folder URL is checked again after nginx's index redirect
        (f"/oauth2/auth?allowed_groups=reportal-customer-{A}", A_PAGE),
        ("/oauth2/auth?allowed_groups=reportal-provider", "/provider/"),
    }
