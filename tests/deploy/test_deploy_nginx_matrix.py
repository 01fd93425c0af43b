"""A real nginx with the generated configuration (HTTP Basic) in front of the built editions:
every reader × every kind of path gets the expected status, and nothing of customer B ever
reaches customer A."""

from __future__ import annotations

from pathlib import Path

import pytest
from deploy_support import (
    A_REPORT,
    ACCOUNTS,
    B_REPORT,
    A,
    B,
    b_canaries,
    basic,
    get,
    nginx_test,
)

pytestmark = pytest.mark.slow

A_ROOT, B_ROOT = f"/customers/{A}/", f"/customers/{B}/"
A_PAGE = f"{A_ROOT}reports/{A}/2026/{A_REPORT}/"
B_PAGE = f"{B_ROOT}reports/{B}/2026/{B_REPORT}/"
PATHS = {  # name -> (path as sent, whose it is)
    "landing": ("/", "public"),
    "a_home": (A_ROOT, A),
    "a_report": (A_PAGE, A),
    "a_pdf": (f"{A_PAGE}{A_REPORT}.pdf", A),
    "a_search": (f"{A_ROOT}search/search_index.json", A),
    "a_sitemap": (f"{A_ROOT}sitemap.xml", A),
    "a_asset": (f"{A_ROOT}assets/reportal/reportal.css", A),
    "a_register": (f"{A_ROOT}register/register.xlsx", A),
    "a_no_slash": (A_ROOT.rstrip("/"), A),  # 301 to the edition
    "a_record": (f"{A_ROOT}.reportal-build.json", "nobody"),
    "a_record_encoded": (f"{A_ROOT}%2ereportal-build.json", "nobody"),
    "b_in_a": (f"{A_ROOT}reports/{B}/", "a_only_404"),
    "b_home": (B_ROOT, B),
    "b_report": (B_PAGE, B),
    "b_pdf": (f"{B_PAGE}{B_REPORT}.pdf", B),
    "b_record": (f"{B_ROOT}.reportal-build.json", "nobody"),
    "b_dotdot": (f"{A_ROOT}../{B}/", B),
    "b_dotdot_encoded": (f"{A_ROOT}%2e%2e/{B}/", B),
    "b_slash_encoded": (f"{A_ROOT}..%2f{B}%2findex.html", B),
    "b_all_encoded": (f"{A_ROOT}%2E%2E%2F{B}%2F", B),
    "b_double_slash": (f"/customers//{B}/", B),
    "provider_home": ("/provider/", "provider"),
    "provider_via_a": (f"{A_ROOT}../../provider/", "provider"),
    "unknown_customer": ("/customers/nosuch/", "none"),
    "above_root": (f"{A_ROOT}../../../etc/passwd", "invalid"),  # nginx: 400 Bad Request
    "outside": ("/site/", "nobody"),
}
READERS = {
    "A": basic(*ACCOUNTS[A]),
    "B": basic(*ACCOUNTS[B]),
    "provider": basic(*ACCOUNTS["provider"]),
    "anonymous": {},
    "wrong_password": basic(ACCOUNTS[A][0], "not-the-password"),
}
READER_EDITION = {"A": A, "B": B, "provider": "provider"}


def expected(reader: str, path_name: str) -> int:
    owner = PATHS[path_name][1]
    if owner == "public":
        return 200
    if owner == "nobody":
        return 404
    if owner == "invalid":
        return 400
    if owner == "a_only_404":
        return 404 if reader == "A" else 401
    if READER_EDITION.get(reader) == owner:
        return 301 if path_name == "a_no_slash" else 200
    return 401


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_gets_the_expected_status_everywhere(basic_url: str, reader: str) -> None:
    got = {name: get(basic_url, path, READERS[reader]).status for name, (path, _) in PATHS.items()}
    want = {name: expected(reader, name) for name in PATHS}
    assert got == want


def test_nothing_of_b_ever_reaches_a(basic_url: str, built_site: Path) -> None:
    """Every response to A (each path of the matrix and every file of A's edition), headers
    and body, is free of B's id, code, names, address, contact and report numbers."""
    canaries = b_canaries()
    paths = [path for path, _ in PATHS.values()]
    edition = built_site / "customers" / A
    paths += [
        f"{A_ROOT}{file.relative_to(edition).as_posix()}"
        for file in sorted(edition.rglob("*"))
        if file.is_file() and not file.name.startswith(".")
    ]
    leaks = []
    for path in paths:
        response = get(basic_url, path, READERS["A"])
        seen = response.text() + "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        leaks += [(path, canary) for canary in canaries if canary.lower() in seen.lower()]
    assert len(paths) > 60
    assert leaks == []
    to_b = get(basic_url, B_PAGE, READERS["B"]).text()  # the canaries are there to be found
    assert B_REPORT in to_b and any(c in to_b for c in canaries if c not in (B, B_REPORT))


def test_a_reads_its_files_with_the_right_types(basic_url: str) -> None:
    auth = READERS["A"]
    pdf = get(basic_url, PATHS["a_pdf"][0], auth)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body.startswith(b"%PDF")
    page = get(basic_url, PATHS["a_report"][0], auth)
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert A_REPORT in page.text()
    xlsx = get(basic_url, PATHS["a_register"][0], auth).headers["content-type"]
    assert xlsx == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    moved = get(basic_url, PATHS["a_no_slash"][0], auth)
    assert moved.headers["location"] == A_ROOT


def test_security_headers_on_every_answer(basic_url: str) -> None:
    for reader, path in (("A", A_PAGE), ("anonymous", A_PAGE), ("A", "/"), ("B", "/nothing")):
        headers = get(basic_url, path, READERS[reader]).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["server"] == "nginx"  # no version
    page = get(basic_url, A_PAGE, READERS["A"]).headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in page and "unsafe-inline" not in page.split(";")[1]


def test_no_listing_and_one_realm_for_all(basic_url: str) -> None:
    """No directory listing anywhere; the login realm names no customer."""
    listing = get(basic_url, f"{A_ROOT}assets/reportal/", READERS["A"])
    assert listing.status == 403 and "reportal.css" not in listing.text()
    assert get(basic_url, "/customers/", {}).status == 401
    realms = {get(basic_url, path, {}).headers["www-authenticate"] for path in (A_ROOT, B_ROOT)}
    assert realms == {'Basic realm="Reportal"'}


def test_prebuilt_gzip_is_served(basic_url: str, built_site: Path) -> None:
    headers = {**READERS["A"], "Accept-Encoding": "gzip"}
    response = get(basic_url, PATHS["a_sitemap"][0], headers)
    assert response.headers.get("content-encoding") == "gzip"
    assert response.body == (built_site / "customers" / A / "sitemap.xml.gz").read_bytes()


def test_landing_page_names_no_customer(basic_url: str) -> None:
    text = get(basic_url, "/", {}).text()
    assert "远景信息技术服务有限公司" in text
    for customer in (A, B, "华信", "鼎盛", "HUAXIN", "DINGSHENG"):
        assert customer.lower() not in text.lower()


def test_generated_configuration_passes_nginx_t(nginx: str, basic_conf: tuple[Path, int]) -> None:
    result = nginx_test(nginx, basic_conf[0])
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
