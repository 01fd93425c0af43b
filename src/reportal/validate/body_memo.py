"""Bodies checked once: a report body whose text did not change is not parsed again.

The body checks (``validate/body.py``: Jinja's parser over the whole body, the HTML rules) and
the macro calls the KPI checks read (``macro_calls``) depend on nothing but the body's text, the
macro allow-list and the checking code. A portal that keeps years of reports parses a thousand
bodies in every check; here what one body's checks found (lines counted within the body, so a
front-matter edit above it does not matter) is kept in ``.reportal-cache/bodies.pickle`` under
the hash of the body and a salt of the rest (``body.py`` makes it). Only a check of the whole
portal writes the file, keeping the entries it used. Like every cache of ``.reportal-cache/``
(local state, never committed), it is a shortcut: without it, or with
``REPORTAL_NO_PAGE_CACHE`` set, every body is parsed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from reportal.cachedir import NO_MEMO, write_atomic

MEMO_FILE = "bodies.pickle"


class BodyMemo:
    """What the checks found in each body, by the hash of the body and ``salt`` (``folder``
    None: nothing read or written)."""

    def __init__(self, folder: Path | None, salt: str, entries: dict[str, Any] | None = None):
        self.folder = folder
        self.salt = salt
        self.entries = entries or {}
        self.used: dict[str, Any] = {}

    @classmethod
    def open(cls, folder: Path | None, salt: str) -> BodyMemo:
        if folder is None or os.environ.get(NO_MEMO):
            return cls(None, salt)
        try:
            stored = pickle.loads((folder / MEMO_FILE).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return cls(folder, salt)
        valid = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == salt
        return cls(folder, salt, stored[1] if valid and isinstance(stored[1], dict) else None)

    def key(self, body: str) -> str:
        digest = hashlib.sha256(f"{self.salt}\0".encode())
        digest.update(body.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> Any:
        """The entry kept under ``key`` (the caller checks its type), or None."""
        found = self.entries.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep the entries this check used (edited or deleted bodies' entries go)."""
        if self.folder is None or self.used.keys() == self.entries.keys():
            return
        data = pickle.dumps((self.salt, self.used), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.folder / MEMO_FILE, data)
