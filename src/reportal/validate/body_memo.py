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

from pathlib import Path

from reportal.validate.pickled_memo import PickledMemo

MEMO_FILE = "bodies.pickle"


def open_body_memo(folder: Path | None, salt: str) -> PickledMemo:
    """What the checks found in each body (a ``BodyAnalysis``), by ``body_key``."""
    return PickledMemo.open(folder, MEMO_FILE, salt)


def body_key(memo: PickledMemo, body: str) -> str:
    return memo.key(body.encode("utf-8", "surrogatepass"))
