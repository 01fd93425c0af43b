"""Check a built edition before it is published: complete, clean, and holding nothing forbidden.

The staging trees keep what an edition must not hold out of its build; this scan is the second
line of defence and runs over every file of the built edition (gzip files unpacked, the text of
PDFs extracted): every edition needs ``index.html``, no page may show ``{{``, a traceback or a
host path, and a customer edition may hold nothing that identifies another customer (name, id,
code, address, contact; ``identifying_texts``), no report number it does not hold, no internal
section, and no raw data or source file.

Forbidden texts are looked for in a readable view of each file: JSON ``\\uXXXX`` escapes and
HTML character references decoded. A text like an id, a code, an e-mail or a report number
(``TOKEN``) must stand on its own (``huaxin`` in ``/reports/huaxin/`` or ``"huaxin"``, not in
``shuaxin2``); any other text (a name, an address) is matched with all white space ignored on
both sides, since the search index splits Chinese words with zero-width spaces and a PDF breaks
lines anywhere.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import io
import multiprocessing
import os
import re
import string
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
from pypdf import PdfReader
from pypdf.generic import Destination

from reportal.issues import Issue
from reportal.model.snapshot import SNAPSHOT_SUFFIX
from reportal.portal.identifying import TOKEN
from reportal.portal.identifying import compact_text as _compact
from reportal.publish.scan_memo import ScanMemo

SOURCE_SUFFIXES = (".md", ".yml", ".yaml", ".py")
TEXT_SUFFIXES = (".html", ".htm", ".xml", ".json", ".js", ".css", ".txt", ".svg", ".map")
MIN_SOURCE_BYTES = 64
INTERNAL_MARKERS = ('admonition internal"', "admonition internal ", 'class="internal')
MAX_PDF_WORKERS = 8
MIN_PDFS_PER_WORKER = 4  # below that, starting a worker costs more than it saves
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ALNUM = frozenset(string.ascii_letters + string.digits)


@dataclass(frozen=True)
class ScanRules:
    """What ``scan_edition`` looks for; see the module docstring for how ``forbidden`` matches."""

    label: str
    forbidden: tuple[str, ...] = ()
    host_paths: tuple[str, ...] = ()
    customer: bool = False
    source_hashes: frozenset[str] = frozenset()
    """SHA-256 of every portal source file (data, reports): none may be copied into an edition."""
    fresh_paths: tuple[str, ...] = ()
    """Host paths made new by this build (its temporary folder): looked for like ``host_paths``,
    but not part of a scan memo's key, since a file unchanged since an earlier build cannot hold a
    path that did not exist then."""


def scan_edition(edition_dir: Path, rules: ScanRules, memo: ScanMemo | None = None) -> list[Issue]:
    """Every problem found in the built edition at ``edition_dir``. With ``memo``, a file found
    clean under the same rules by an earlier build (same path, same bytes) is not scanned again."""
    if not (edition_dir / "index.html").is_file():
        return [_issue(rules, "index.html", "the edition has no index.html (incomplete build)")]
    needles = _needles(rules)
    looked_for = _LookedFor.of(needles)
    memo = memo if memo is not None else ScanMemo(None)
    ruling = rules_fingerprint(rules)
    extract = rules.customer and bool(needles)  # PDFs' text is read (all at once) only then
    found: list[list[Issue]] = []  # per file, in file order
    deferred: list[tuple[int, str, bytes, str, str]] = []
    for rel, content in iter_contents(edition_dir):  # one file in memory at a time
        digest = hashlib.sha256(content).hexdigest()  # once: the memo key and the source check
        key = memo.key(ruling, rel, digest)
        if memo.seen(key):
            continue
        if extract and rel.lower().endswith(".pdf"):
            deferred.append((len(found), rel, content, digest, key))
            found.append([])
            continue
        found.append(_judged(rel, content, (digest, key), rules, looked_for, {}, memo))
    pdfs = extract_pdf_texts([(rel, content) for _, rel, content, _, _ in deferred])
    for slot, rel, content, digest, key in deferred:
        found[slot] = _judged(rel, content, (digest, key), rules, looked_for, pdfs, memo)
    return [issue for issues in found for issue in issues]


def _judged(
    rel: str,
    content: bytes,
    keys: tuple[str, str],
    rules: ScanRules,
    looked_for: _LookedFor,
    pdfs: Mapping[str, str | None],
    memo: ScanMemo,
) -> list[Issue]:
    """The file's issues; a clean file is remembered in ``memo`` (its digest and memo key)."""
    digest, key = keys
    found = _check_file(rel, content, digest, rules, looked_for, pdfs)
    if not found:
        memo.clean(key)
    return found


def rules_fingerprint(rules: ScanRules) -> str:
    """The rules as one hash (a scan result holds for these rules only)."""
    parts = [rules.label, *rules.forbidden, "|", *rules.host_paths, "|", str(rules.customer)]
    parts += ["|", *sorted(rules.source_hashes)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


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


@dataclass(frozen=True)
class _Needle:
    text: str  # as given, for the message
    key: str  # lower case; without white space unless a token
    token: bool


def _needles(rules: ScanRules) -> list[_Needle]:
    needles: list[_Needle] = []
    for text in dict.fromkeys(t.strip() for t in rules.forbidden):
        if TOKEN.fullmatch(text):
            needles.append(_Needle(text, text.lower(), True))
        elif key := _compact(text).lower():
            needles.append(_Needle(text, key, False))
    return needles


def _check_file(
    rel: str,
    content: bytes,
    digest: str,
    rules: ScanRules,
    looked_for: _LookedFor,
    pdfs: Mapping[str, str | None],
) -> list[Issue]:
    found = _found_texts(_file_view(content, digest), looked_for) if looked_for.needles else []
    issues: list[Issue] = []
    if rel in pdfs:
        if pdfs[rel] is None:
            issues.append(_issue(rules, rel, "a PDF whose text cannot be read, so not checked"))
        found += _found_texts(_view(pdfs[rel] or ""), looked_for)
    issues += [
        _issue(rules, rel, f'holds "{text}", which this edition must not contain')
        for text in dict.fromkeys(found)
    ]
    if rules.customer and rel.lower().endswith(SOURCE_SUFFIXES):
        issues.append(_issue(rules, rel, "a source file (Markdown, YAML, Python) in the edition"))
    if digest in rules.source_hashes:
        issues.append(_issue(rules, rel, "a copy of a portal data or report file"))
    if rel.lower().endswith(TEXT_SUFFIXES):
        issues.extend(_check_text(rel, content.decode("utf-8", "replace"), rules))
    return issues


@dataclass(frozen=True)
class _LookedFor:
    """An edition's needles, each kind in one Aho-Corasick automaton (pyahocorasick): a file is
    read once for all of them, not once per needle (a customer edition is checked against every
    other customer's names, ids and report numbers, so the needles grow with the portal)."""

    needles: tuple[_Needle, ...]
    texts: Any  # automaton of the other needles' keys (looked for in the compact view), or None
    tokens: Any  # automaton of the token needles' keys (in the lower-case view), or None

    @classmethod
    def of(cls, needles: Sequence[_Needle]) -> _LookedFor:
        return cls(tuple(needles), _automaton(needles, False), _automaton(needles, True))


def _automaton(needles: Sequence[_Needle], token: bool) -> Any:
    """``key -> (needle indices,)`` of the needles of one kind (None when there is none)."""
    keys: dict[str, list[int]] = {}
    for index, needle in enumerate(needles):
        if needle.token is token:
            keys.setdefault(needle.key, []).append(index)
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key, indices in keys.items():
        automaton.add_word(key, tuple(indices))
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class _TextView:
    """A file's text as the needles are looked for in it: lower case (tokens) and compacted
    (other texts). It depends on the file's bytes only, so a file that every edition holds
    (plotly.js, Material's scripts) is read once per scan, not once per edition."""

    lower: str
    compact: str


_VIEWS: dict[str, _TextView] = {}
MAX_VIEWS = 256  # files kept: the assets every edition shares, and then some


def _file_view(content: bytes, digest: str) -> _TextView:
    view = _VIEWS.get(digest)
    if view is None:
        if len(_VIEWS) >= MAX_VIEWS:
            _VIEWS.clear()
        view = _VIEWS[digest] = _view(_readable(content.decode("utf-8", "replace")))
    return view


def _view(text: str) -> _TextView:
    lower = text.lower()
    return _TextView(lower, _compact(lower))


def _found_texts(view: _TextView, looked_for: _LookedFor) -> list[str]:
    """The forbidden texts that the text of ``view`` holds (case ignored), in needle order: a
    text anywhere in the compact view; a token only standing alone in the lower-case view, with
    no letter or digit either side (``huaxin`` in ``/reports/huaxin/``, not in ``shuaxin2``)."""
    found: set[int] = set()
    if looked_for.texts is not None:
        for _, indices in looked_for.texts.iter(view.compact):
            found.update(indices)
    if looked_for.tokens is not None:
        lower = view.lower
        for end, indices in looked_for.tokens.iter(lower):
            start = end - len(looked_for.needles[indices[0]].key) + 1
            if not (_is_alnum(lower, start - 1) or _is_alnum(lower, end + 1)):
                found.update(indices)
    return [needle.text for index, needle in enumerate(looked_for.needles) if index in found]


def _is_alnum(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] in _ALNUM


def _readable(text: str) -> str:
    """``text`` with JSON ``\\uXXXX`` escapes and HTML character references decoded."""
    if "\\u" in text:
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text) if "&" in text else text


def extract_pdf_texts(contents: Sequence[tuple[str, bytes]]) -> dict[str, str | None]:
    """``relative path -> pdf_text`` of every PDF in ``contents``, several at once (pypdf takes
    about 0.3 s for a 7-page report)."""
    pdfs = [(rel, content) for rel, content in contents if rel.lower().endswith(".pdf")]
    workers = min(os.cpu_count() or 1, MAX_PDF_WORKERS, len(pdfs) // MIN_PDFS_PER_WORKER)
    if workers < 2:
        return {rel: pdf_text(content) for rel, content in pdfs}
    try:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            texts = list(pool.map(pdf_text, [content for _, content in pdfs]))
    except (OSError, BrokenProcessPool):
        texts = [pdf_text(content) for _, content in pdfs]
    return {rel: text for (rel, _), text in zip(pdfs, texts, strict=True)}


def pdf_text(content: bytes) -> str | None:
    """The text of a PDF (pages, metadata, outline, link targets), or None if it cannot be read."""
    try:
        reader = PdfReader(io.BytesIO(content))
        parts = [page.extract_text() or "" for page in reader.pages]
        parts += [str(value) for value in (reader.metadata or {}).values()]
        parts += list(_outline_titles(reader.outline))
        parts += [uri for page in reader.pages for uri in _link_targets(page)]
    except Exception:  # pypdf raises many kinds on a broken file; the scan reports, never crashes
        return None
    return _readable("\n".join(parts))


def _outline_titles(outline: Iterable[Any]) -> Iterator[str]:
    for item in outline:
        if isinstance(item, Destination):
            yield str(item.title or "")
        elif isinstance(item, list):
            yield from _outline_titles(item)


def _link_targets(page: Any) -> Iterator[str]:
    for annotation in _resolve(page.get("/Annots")) or []:
        action = _resolve(_resolve(annotation).get("/A")) or {}
        target = _resolve(action.get("/URI") or action.get("/F"))
        if target is not None:
            yield str(target)


def _resolve(value: Any) -> Any:
    """A PDF object with an indirect reference followed (``dict.get`` does not follow them)."""
    return value.get_object() if hasattr(value, "get_object") else value


def _check_text(rel: str, text: str, rules: ScanRules) -> list[Issue]:
    found: list[str] = []
    if rel.endswith((".html", ".htm")) and "{{" in text:
        found.append("a literal {{ (an unrendered macro)")
    if "Traceback (most recent call last)" in text:
        found.append("a Python traceback")
    paths = (*rules.host_paths, *rules.fresh_paths)
    found.extend("a host path" for path in paths if len(path) > 4 and path in text)
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
    """SHA-256 of every file under ``paths`` (folders are walked), except report snapshots:
    the provider edition publishes those on purpose (a customer edition holds none)."""
    hashes: set[str] = set()
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.name.endswith(SNAPSHOT_SUFFIX):
                continue
            data = file.read_bytes() if file.is_file() else b""
            if len(data) >= MIN_SOURCE_BYTES:  # tiny files (empty, "{}") match by chance
                hashes.add(hashlib.sha256(data).hexdigest())
    return frozenset(hashes)


def scan_all(
    editions: Sequence[tuple[Path, ScanRules]], memo_dir: Path | None = None
) -> list[Issue]:
    memo = ScanMemo.open(memo_dir)
    issues: list[Issue] = []
    for edition_dir, rules in editions:
        issues.extend(scan_edition(edition_dir, rules, memo))
    if not issues:
        memo.save()
    return issues
