"""The check of a built edition before publishing (second line of defence after staging)."""

from __future__ import annotations

import gzip
from pathlib import Path

from reportal.site.scan import ScanRules, scan_edition, source_hashes

RULES = ScanRules("customers/a", ("鼎盛物流", "SR-B-2026-01-01"), ("/srv/portal",), customer=True)


def edition(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = tmp_path / "edition"
    for rel, data in {"index.html": b"<p>ok</p>", **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def found(tmp_path: Path, files: dict[str, bytes], rules: ScanRules = RULES) -> list[str]:
    return [f"{i.file}: {i.message}" for i in scan_edition(edition(tmp_path, files), rules)]


def test_clean_edition_passes(tmp_path: Path) -> None:
    assert found(tmp_path, {"a/index.html": "<p>华信银行</p>".encode()}) == []


def test_missing_index_is_an_incomplete_build(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    messages = [i.message for i in scan_edition(root, RULES)]
    assert len(messages) == 1 and messages[0].startswith("the edition has no")


def test_forbidden_text_in_html_json_escaped_and_gzip(tmp_path: Path) -> None:
    result = found(tmp_path, {
        "x/index.html": "<p>鼎盛物流</p>".encode(),
        "search/search_index.json": b'{"t": "\\u9f0e\\u76db\\u7269\\u6d41"}',
        "sitemap.xml.gz": gzip.compress(b"<loc>SR-B-2026-01-01</loc>"),
    })  # fmt: skip
    tail = ", which this edition must not contain"
    assert sorted(result) == [
        'customers/a/search/search_index.json: holds "鼎盛物流"' + tail,
        'customers/a/sitemap.xml: holds "SR-B-2026-01-01"' + tail,
        'customers/a/x/index.html: holds "鼎盛物流"' + tail,
    ]


def test_macro_traceback_host_path_internal_and_sources(tmp_path: Path) -> None:
    src = tmp_path / "tickets.csv"
    data = b"id,opened,priority,note\n" + b"INC001,2026-01-05 09:00:00,P3,printer jam\n" * 3
    src.write_bytes(data)
    (tmp_path / "tiny.txt").write_bytes(b"{}")
    assert len(source_hashes([src, tmp_path / "tiny.txt"])) == 1  # tiny files never count
    rules = ScanRules(
        "customers/a", host_paths=("/srv/portal",), customer=True,
        source_hashes=source_hashes([src]),
    )  # fmt: skip
    result = found(tmp_path, {
        "p1/index.html": b"<p>{{ kpi_table('sla') }}</p>",
        "p2/index.html": b"Traceback (most recent call last): /srv/portal/x.py",
        "p3/index.html": b'<div class="admonition internal"><p>x</p></div>',
        "raw/report.md": b"# a",
        "downloads/t.csv": data,
    }, rules)  # fmt: skip
    assert sorted(result) == [
        "customers/a/downloads/t.csv: a copy of a portal data or report file",
        "customers/a/p1/index.html: holds a literal {{ (an unrendered macro)",
        "customers/a/p2/index.html: holds a Python traceback",
        "customers/a/p2/index.html: holds a host path",
        "customers/a/p3/index.html: holds an internal section",
        "customers/a/raw/report.md: a source file (Markdown, YAML, Python) in the edition",
    ]


def test_provider_edition_may_hold_internal_sections(tmp_path: Path) -> None:
    rules = ScanRules("provider")
    assert found(tmp_path, {"p/index.html": b'<div class="admonition internal">'}, rules) == []
