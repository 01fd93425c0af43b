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
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def rel_url(from_uri: str, to_uri: str) -> str:
    """A relative URL from one built page to another, both named by their src_uri."""
    start = page_url(from_uri) or "."
    return posixpath.relpath(page_url(to_uri) or ".", start) + "/"
