"""How much export data makes warming (``kpi/warm.py``) worth a second process; importing this
costs nothing, so ``reportal build`` can ask before its build workers start."""

from __future__ import annotations

import os
from pathlib import Path

MIN_EXPORT_BYTES = 8 * 2**20
"""Below this much export data a second process costs more (its imports) than it saves."""


def small_data_folder(root: Path, limit: int | None = None) -> bool:
    """Whether ``root``'s data folder holds less than ``limit`` bytes: a guess made before
    anything is read (warming weighs the declared exports). Such a portal is not warmed, so
    its build worker computes the KPIs and may import pandas ahead (``site/worker.py``).
    ``limit``: by default ``MIN_EXPORT_BYTES``."""
    limit = MIN_EXPORT_BYTES if limit is None else limit
    total = 0
    for parent, _, names in os.walk(root / "data"):
        for name in names:
            try:
                total += Path(parent, name).stat().st_size
            except OSError:
                continue
            if total >= limit:
                return False
    return True
