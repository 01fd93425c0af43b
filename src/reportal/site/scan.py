"""Check a built edition before it is published: complete, clean, and holding nothing forbidden.

The staging trees keep what an edition must not hold out of its build; this scan is the second
line of defence and runs over every byte of the built edition (gzip files unpacked): every
edition needs ``index.html``, no page may show ``{{``, a traceback or a host path, and a customer
edition may hold no other customer's name, no report number it does not hold, no internal
section, and no raw data or source file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportal.issues import Issue

SOURCE_SUFFIXES = (".md", ".yml", ".yaml", ".py")
TEXT_SUFFIXES = (".html", ".htm", ".xml", ".json", ".js", ".css", ".txt", ".svg", ".map")
MIN_SOURCE_BYTES = 64
INTERNAL_MARKERS = ('admonition internal"', "admonition internal ", 'class="internal')


@dataclass(frozen=True)
class ScanRules:
    """What ``scan_edition`` looks for; ``forbidden`` strings are also matched JSON-escaped."""

    label: str
    forbidden: tuple[str, ...] = ()
    host_paths: tuple[str, ...] = ()
    customer: bool = False
    source_hashes: frozenset[str] = frozenset()
    """SHA-256 of every portal source file (data, reports): none may be copied into an edition."""


def scan_edition(edition_dir: Path, rules: ScanRules) -> list[Issue]:
    """Every problem found in the built edition at ``edition_dir``."""
    if not (edition_dir / "index.html").is_file():
        return [_issue(rules, "index.html", "the edition has no index.html (incomplete build)")]
    needles = _needles(rules)
    issues: list[Issue] = []
    for rel, content in iter_contents(edition_dir):
        issues.extend(_check_file(rel, content, rules, needles))
    return issues


def iter_contents(edition_dir: Path) -> Iterator[tuple[str, bytes]]:
    """``(relative path, bytes)`` of every file, sorted; ``.gz`` files are also given unpacked."""
    for path in sorted(p for p in edition_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(edition_dir).as_posix()
        content = path.read_bytes()
        yield rel, content
        if rel.endswith(".gz"):
            yield rel.removesuffix(".gz"), _gunzip(content)


def _gunzip(content: bytes) -> bytes:
    try:
        return gzip.decompress(content)
    except (OSError, EOFError, zlib.error):
        return b""


def _needles(rules: ScanRules) -> list[tuple[str, bytes]]:
    needles: list[tuple[str, bytes]] = []
    for text in rules.forbidden:
        needles.append((text, text.encode("utf-8")))
        escaped = json.dumps(text)[1:-1].encode("ascii")
        if escaped != text.encode("utf-8"):
            needles.append((text, escaped))
    return needles


def _check_file(
    rel: str, content: bytes, rules: ScanRules, needles: list[tuple[str, bytes]]
) -> list[Issue]:
    issues = [
        _issue(rules, rel, f'holds "{text}", which this edition must not contain')
        for text, needle in needles
        if needle in content
    ]
    if rules.customer and rel.lower().endswith(SOURCE_SUFFIXES):
        issues.append(_issue(rules, rel, "a source file (Markdown, YAML, Python) in the edition"))
    if hashlib.sha256(content).hexdigest() in rules.source_hashes:
        issues.append(_issue(rules, rel, "a copy of a portal data or report file"))
    if rel.lower().endswith(TEXT_SUFFIXES):
        issues.extend(_check_text(rel, content.decode("utf-8", "replace"), rules))
    return issues


def _check_text(rel: str, text: str, rules: ScanRules) -> list[Issue]:
    found: list[str] = []
    if rel.endswith((".html", ".htm")) and "{{" in text:
        found.append("a literal {{ (an unrendered macro)")
    if "Traceback (most recent call last)" in text:
        found.append("a Python traceback")
    found.extend("a host path" for path in rules.host_paths if len(path) > 4 and path in text)
    if rules.customer and any(marker in text for marker in INTERNAL_MARKERS):
        found.append("an internal section")
    return [_issue(rules, rel, f"holds {what}") for what in dict.fromkeys(found)]


def _issue(rules: ScanRules, rel: str, message: str) -> Issue:
    return Issue(
        f"{rules.label}/{rel}",
        None,
        None,
        "E010",
        message,
        "nothing was published; fix the source of this content and build again",
    )


def source_hashes(paths: Sequence[Path]) -> frozenset[str]:
    """SHA-256 of every file under ``paths`` (folders are walked)."""
    hashes: set[str] = set()
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            data = file.read_bytes() if file.is_file() else b""
            if len(data) >= MIN_SOURCE_BYTES:  # tiny files (empty, "{}") match by chance
                hashes.add(hashlib.sha256(data).hexdigest())
    return frozenset(hashes)


def scan_all(editions: Sequence[tuple[Path, ScanRules]]) -> list[Issue]:
    issues: list[Issue] = []
    for edition_dir, rules in editions:
        issues.extend(scan_edition(edition_dir, rules))
    return issues
