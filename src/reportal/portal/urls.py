"""Where a page lands and how one page links to another: MkDocs' URL rules, written once.

Pages are named by their ``src_uri`` (``reports/<customer>/<year>/<number>.md``). A Markdown
link between two src_uris is relative to the source folder (MkDocs resolves and checks it); a
link written into HTML (a header, a chart's click-through) is relative to the built page's
directory URL (``use_directory_urls: true``, the portal's setting).
"""

from __future__ import annotations

import posixpath


def page_url(src_uri: str) -> str:
    """The directory URL MkDocs gives a page (``a/b.md`` -> ``a/b/``, ``a/index.md`` -> ``a/``,
    ``index.md`` -> ``""``)."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index").rstrip("/")
    return f"{stem}/" if stem else ""


def rel_link(from_uri: str, to_uri: str) -> str:
    """A relative link between two source files, as written in Markdown (``to_uri`` may be any
    file of the site, a page's src_uri or a download)."""
    return relative_path(to_uri, posixpath.dirname(from_uri) or ".")


def rel_url(from_uri: str, to_uri: str) -> str:
    """A relative URL from one built page to another, both named by their src_uri."""
    start = page_url(from_uri) or "."
    return relative_path(page_url(to_uri) or ".", start) + "/"


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for two paths relative to the same folder, without asking the OS
    for the working directory each time (a listing of years of reports makes tens of thousands
    of links)."""
    to, base = _parts(target), _parts(start)
    if ".." in to or ".." in base:  # above the common folder: let posixpath resolve it
        return posixpath.relpath(target, start)
    common = 0
    for mine, theirs in zip(to, base, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def _parts(path: str) -> list[str]:
    return [part for part in posixpath.normpath(path).split("/") if part not in ("", ".")]
