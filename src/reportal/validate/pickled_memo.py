"""A memo kept as one pickle in the cache folder: what reading or checking an input found, by
the hash of the input, all entries made under one salt (the code and settings they depend on).

A read keeps the entries it used; ``save`` writes only those, so entries of edited or deleted
inputs go. Pickle, not JSON: the entries are the project's own values (reports, analyses), and
the folder is local state, never committed (``.reportal-cache/``). A file that cannot be read,
or was made under another salt, is ignored. ``REPORTAL_NO_PAGE_CACHE`` turns every memo off.
Used by the report memo (``report_memo.py``) and the body memo (``validate/body.py``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from reportal.cachedir import NO_MEMO, write_atomic


class PickledMemo:
    """Entries by key, kept in the file ``path`` (None: nothing read or written)."""

    def __init__(self, path: Path | None, salt: str, entries: dict[str, Any] | None = None):
        self.path = path
        self.salt = salt
        self.entries = entries or {}
        self.used: dict[str, Any] = {}

    @classmethod
    def open(cls, folder: Path | None, name: str, salt: str) -> PickledMemo:
        """The memo ``name`` of the cache ``folder`` (None, or memos off: an empty one)."""
        if folder is None or os.environ.get(NO_MEMO):
            return cls(None, salt)
        path = folder / name
        try:
            stored = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return cls(path, salt)
        valid = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == salt
        return cls(path, salt, stored[1] if valid and isinstance(stored[1], dict) else None)

    def key(self, *parts: bytes) -> str:
        """The SHA-256 of the salt and ``parts``, each after a NUL."""
        digest = hashlib.sha256(self.salt.encode())
        for part in parts:
            digest.update(b"\0")
            digest.update(part)
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
        """Keep the entries this read used."""
        if self.path is None or self.used.keys() == self.entries.keys():
            return
        data = pickle.dumps((self.salt, self.used), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.path, data)
