"""Files of built editions found clean by the publish scan, kept by what was scanned.

The scan (``publish/scan.py``) reads every file of every edition before it is published. A file
with the same path and bytes, scanned under the same rules, gives the same answer; a build that
changed one report changes a few files. ``scan-clean.json`` in the cache folder holds the keys
(hash of rules, path and bytes) of files found clean; only those are skipped, and only the keys
of the last clean scan are kept. A fresh clone (CI) scans everything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from reportal.cachedir import read_versioned, write_atomic

MEMO_FILE = "scan-clean.json"
MEMO_FORMAT = "reportal-scan-clean/1"


@dataclass
class ScanMemo:
    path: Path | None
    known: set[str] = field(default_factory=set)
    found: set[str] = field(default_factory=set)  # clean in this scan (seen or scanned)

    @classmethod
    def open(cls, folder: Path | None) -> ScanMemo:
        if folder is None:
            return cls(None)
        path = folder / MEMO_FILE
        keys = read_versioned(path, MEMO_FORMAT).get("clean")
        return cls(path, {str(key) for key in keys} if isinstance(keys, list) else set())

    @staticmethod
    def key(rules: str, rel: str, digest: str) -> str:
        """The key of file ``rel`` whose bytes hash to ``digest``, scanned under ``rules``."""
        return hashlib.sha256(f"{rules}\0{rel}\0{digest}".encode()).hexdigest()

    def seen(self, key: str) -> bool:
        if key in self.known:
            self.found.add(key)
            return True
        return False

    def clean(self, key: str) -> None:
        self.found.add(key)

    def save(self) -> None:
        if self.path is None:
            return
        text = json.dumps({"format": MEMO_FORMAT, "clean": sorted(self.found)})
        write_atomic(self.path, text.encode("utf-8"))
