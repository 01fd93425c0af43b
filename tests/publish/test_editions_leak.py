"""Acceptance: a customer's edition holds no byte of another customer, a draft, a review, an
internal section or report, or a data file.

tests/fixtures/leak/ plants a unique canary string in each of those places. It is built once
with the real command (`reportal build`, PDFs included) and every byte of every edition is
scanned: HTML, JSON, XML, the gunzipped sitemap, assets, and the text of every PDF.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
CANARY = re.compile(rb"CANARY-[A-Z]+-[A-Z]+-[0-9A-Za-z]+")
HUAXIN_PUBLIC = {
    f"CANARY-HUAXIN-PUB-{n}" for n in ("0101", "0102", "0103", "T0101", "0201", "0202")
}
DINGSHENG_PUBLIC = {"CANARY-DINGSHENG-PUB-0101", "CANARY-DINGSHENG-PUB-T0101"}
NAMES = {"huaxin": ("华信银行", "HUAXIN"), "dingsheng": ("鼎盛物流", "DINGSHENG")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("leak")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    out = work / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    result = subprocess.run(
        [str(REPORTAL), "build", "--root", str(root), "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=900, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def contents(edition: Path) -> list[tuple[str, bytes]]:
    """Every file's bytes; gzip files also unpacked, PDFs also as extracted text."""
    found = []
    for path in sorted(p for p in edition.rglob("*") if p.is_file()):
        rel, data = path.relative_to(edition).as_posix(), path.read_bytes()
        found.append((rel, data))
        if rel.endswith(".gz"):
            found.append((rel + ":gunzipped", gzip.decompress(data)))
        if rel.endswith(".pdf"):
            text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
            found.append((rel + ":text", text.encode("utf-8")))
    return found


def canaries(edition: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rel, data in contents(edition):
        for match in CANARY.findall(data):
            found.setdefault(match.decode(), set()).add(rel)
    return found


def test_each_customer_edition_holds_only_its_own_public_canaries(site: Path) -> None:
    assert set(canaries(site / "customers/huaxin")) == HUAXIN_PUBLIC
    assert set(canaries(site / "customers/dingsheng")) == DINGSHENG_PUBLIC


def test_the_scan_covers_search_index_sitemap_and_pdfs(site: Path) -> None:
    where = canaries(site / "customers/huaxin")
    places = {rel for rels in where.values() for rel in rels}
    assert "search/search_index.json" in places
    assert any(rel.endswith(".pdf:text") for rel in places), "PDFs were built and scanned"
    sitemap = gzip.decompress((site / "customers/huaxin/sitemap.xml.gz").read_bytes())
    assert b"SR-HUAXIN-2026-02-02" in sitemap and b"SR-HUAXIN-2026-03-01" not in sitemap


def test_no_other_customer_name_anywhere(site: Path) -> None:
    for customer, other in (("huaxin", "dingsheng"), ("dingsheng", "huaxin")):
        needles = [n.encode() for n in NAMES[other]]
        needles += [json.dumps(n)[1:-1].encode() for n in NAMES[other]]  # \\u-escaped in JSON
        for rel, data in contents(site / "customers" / customer):
            assert not any(needle in data for needle in needles), f"{customer}: {rel}"


def test_provider_edition_holds_drafts_and_internal_text_but_no_data_file(site: Path) -> None:
    found = set(canaries(site / "provider"))
    assert {"CANARY-HUAXIN-INT-0101", "CANARY-HUAXIN-INT-0104", "CANARY-HUAXIN-DRAFT-0301",
            "CANARY-HUAXIN-CONF-0401", "CANARY-DINGSHENG-REVIEW-0201"} <= found  # fmt: skip
    assert found >= HUAXIN_PUBLIC | DINGSHENG_PUBLIC
    assert not {c for c in found if "-DATA-" in c}, "data files are never published"


def test_no_source_or_data_file_is_copied(site: Path) -> None:
    for edition in ("provider", "customers/huaxin", "customers/dingsheng"):
        names = [p.name for p in (site / edition).rglob("*") if p.is_file()]
        assert not [n for n in names if n.endswith((".md", ".yml", ".yaml", ".py"))], edition
        assert "tickets.csv" not in names and "notes.txt" not in names


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("edition", ["provider", "customers/huaxin"])
def test_supersession_banners_both_ways(site: Path, edition: str) -> None:
    base = site / edition / "reports/huaxin/2026"
    old = visible_text((base / "SR-HUAXIN-2026-02-01/index.html").read_text("utf-8"))
    new = visible_text((base / "SR-HUAXIN-2026-02-02/index.html").read_text("utf-8"))
    assert "已被 SR-HUAXIN-2026-02-02 替代" in old
    assert "替代 SR-HUAXIN-2026-02-01" in new
