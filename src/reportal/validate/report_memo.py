"""Reports read once: a report file whose bytes did not change is not parsed or validated again.

Reading a report (its front matter, the cerberus schema, the content hash) takes a few
milliseconds; a portal that keeps years of reports reads a thousand of them in every command,
and a build reads them twice (the check, then each edition's worker). A report read without any
issue is kept in ``.reportal-cache/reports.pickle`` under the hash of its bytes, its path, the
number pattern and the reading code (``model/``, ``validate/`` and the schemas); the next read
of the same bytes takes the ``Report`` from there. A file with issues is read every time (its
issues come with it). Only a read of the whole portal writes the file, keeping the entries it
used; edition workers (staged copies) only read it. Like every cache of ``.reportal-cache/``
(local state, never committed), it is a shortcut: without it every report is read.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

from reportal.cachedir import code_stamp, write_atomic
from reportal.model.report import Report

MEMO_FILE = "reports.pickle"
FORMAT = "reportal-reports/1"


class ReportMemo:
    """Reports by the key of what they were read from (``folder`` None: no memo)."""

    def __init__(self, folder: Path | None, entries: dict[str, Report] | None = None) -> None:
        self.folder = folder
        self.entries = entries or {}
        self.used: dict[str, Report] = {}

    @classmethod
    def open(cls, folder: Path | None) -> ReportMemo:
        if folder is None:
            return cls(None)
        try:
            stored = pickle.loads((folder / MEMO_FILE).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return cls(folder)
        valid = isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _salt()
        return cls(folder, stored[1] if valid and isinstance(stored[1], dict) else None)

    def key(self, rel: str, number_pattern: str, data: bytes) -> str:
        digest = hashlib.sha256(f"{_salt()}\0{rel}\0{number_pattern}\0".encode())
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> Report | None:
        report = self.entries.get(key)
        if isinstance(report, Report):
            self.used[key] = report
            return report
        return None

    def put(self, key: str, report: Report) -> None:
        self.used[key] = report

    def save(self) -> None:
        """Keep the reports this read used (edited or deleted files' entries go)."""
        if self.folder is None or self.used.keys() == self.entries.keys():
            return
        data = pickle.dumps((_salt(), self.used), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(self.folder / MEMO_FILE, data)


READING_CODE = ("model/**/*.py", "model/**/*.yml", "validate/**/*.py", "validate/**/*.yml")
"""The code that reads and checks a report: model, validation, the schemas."""


@cache
def _salt() -> str:
    """The format and a hash of the code that reads a report (``READING_CODE``)."""
    return hashlib.sha256(f"{FORMAT}\0{code_stamp(*READING_CODE)}".encode()).hexdigest()
