"""Hashes of what a report says: its source bytes and its issued content.

The issued content is the front matter without ``status`` plus the body: the status may move
from ``approved`` to ``superseded`` when an amendment is issued; nothing else of an issued
report may change in place. Shared by report snapshots, build records and archive manifests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from reportal.model.frontmatter import parse_front_matter


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def content_sha256(text: str, file: str = "") -> str:
    """Hash of a report's issued content: front matter without ``status``, plus the body.

    Line endings do not count: the same report read from disk (``\\n``) and from ``git show``
    (``\\r\\n`` as committed from Windows) hashes the same.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = parse_front_matter(text, file)
    return content_sha256_of(front.data, front.body)


def content_sha256_of(data: Mapping[str, Any], body: str) -> str:
    """``content_sha256`` of front matter already parsed (strings kept as written) and a body
    with ``\n`` line endings."""
    kept = {key: value for key, value in data.items() if key != "status"}
    canonical = json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)
    return sha256_text(canonical + "\n" + body)
