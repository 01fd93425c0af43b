"""Incremental PDFs: a content key per report page and a cache of the PDFs already made.

The key of a report's PDF hashes what the PDF is printed from: the page's ``<article>`` (the
printed content; the navigation around it is hidden in print, so a new report elsewhere in the
nav does not re-render every PDF), the ``<head>`` (title, language), every local stylesheet,
script and image the page references (by content), the print stylesheet, and the renderer's
settings (header, footer, language, version). A PDF is re-rendered only when its key changes.

Cache layout (``cache_dir``, e.g. ``.reportal-cache/pdf/`` under the portal root, gitignored):
``manifest.json`` maps key -> {"number", "pdf": sha256}; ``blobs/<sha256>.pdf`` holds the PDFs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reportal.pdf.links import unmark

MANIFEST = "manifest.json"
_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
_HEAD = re.compile(r"<head\b.*?</head>", re.S)
_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"'#?]+)""")
_ASSET_SUFFIXES = {
    ".css",
    ".js",
    ".mjs",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
}


def page_key(edition_dir: Path, page_rel: str, settings: str) -> str:
    """sha256 of what the PDF of ``page_rel`` is printed from (see the module docstring)."""
    html = unmark((edition_dir / page_rel).read_text(encoding="utf-8", errors="replace"))
    digest = hashlib.sha256(settings.encode())
    for part in (_HEAD.search(html), _ARTICLE.search(html)):
        digest.update(b"\0" + (part.group(0) if part else html).encode())
    for rel in referenced_assets(edition_dir, page_rel, html):
        digest.update(b"\0" + rel.encode() + b"=" + file_sha256(edition_dir / rel).encode())
    return digest.hexdigest()


def referenced_assets(edition_dir: Path, page_rel: str, html: str) -> list[str]:
    """Edition-relative paths of the local assets (css, js, images, fonts) a page references."""
    base = (edition_dir / page_rel).parent
    found: set[str] = set()
    for ref in _REFERENCE.findall(html):
        if urlsplit(ref).scheme or ref.startswith("//"):
            continue
        path = (base / unquote(ref)).resolve()
        inside = path.is_relative_to(edition_dir.resolve())
        if path.suffix.lower() in _ASSET_SUFFIXES and inside and path.is_file():
            found.add(path.relative_to(edition_dir.resolve()).as_posix())
    return sorted(found)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class PdfCache:
    """The manifest (key -> PDF) and its blobs; ``save()`` writes the manifest atomically."""

    root: Path
    entries: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> PdfCache:
        try:
            entries = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}
        return cls(root, entries if isinstance(entries, dict) else {})

    def lookup(self, key: str) -> Path | None:
        """The cached PDF for ``key`` if present and intact."""
        entry = self.entries.get(key)
        if not entry:
            return None
        blob = self._blob(entry.get("pdf", ""))
        if not blob.is_file() or file_sha256(blob) != entry.get("pdf"):
            return None
        return blob

    def store(self, key: str, number: str, pdf: Path) -> None:
        sha = file_sha256(pdf)
        blob = self._blob(sha)
        if not blob.is_file():
            atomic_copy(pdf, blob)
        self.entries[key] = {"number": number, "pdf": sha}

    def save(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.root / MANIFEST, text.encode("utf-8"))

    def _blob(self, sha: str) -> Path:
        return self.root / "blobs" / f"{sha}.pdf"


def atomic_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        shutil.copyfile(source, temp)
        publish(Path(temp), target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        publish(Path(temp), target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def publish(temp: Path, target: Path) -> None:
    """Give ``temp`` ordinary permissions (mkstemp makes 0600) and rename it onto ``target``."""
    temp.chmod(0o644)
    temp.replace(target)
