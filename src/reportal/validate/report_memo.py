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
from functools import cache
from pathlib import Path

from reportal.cachedir import code_stamp
from reportal.validate.pickled_memo import PickledMemo

MEMO_FILE = "reports.pickle"
FORMAT = "reportal-reports/1"
READING_CODE = ("model/**/*.py", "model/**/*.yml", "validate/**/*.py", "validate/**/*.yml")
"""The code that reads and checks a report: model, validation, the schemas."""


def open_report_memo(folder: Path | None) -> PickledMemo:
    """The reports kept in ``folder`` by ``report_key`` (a ``Report`` each)."""
    return PickledMemo.open(folder, MEMO_FILE, _salt())


def report_key(memo: PickledMemo, rel: str, number_pattern: str, data: bytes) -> str:
    return memo.key(rel.encode(), number_pattern.encode(), data)


@cache
def _salt() -> str:
    """The format and a hash of the code that reads a report (``READING_CODE``)."""
    return hashlib.sha256(f"{FORMAT}\0{code_stamp(*READING_CODE)}".encode()).hexdigest()
