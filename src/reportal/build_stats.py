"""``REPORTAL_STATS=FILE``: each process of a build appends one JSON row of what it computed
(the warming processes, ``kpi/warm.py``; the build worker, ``site/plugin.py``);
``bench/bench_scale.py`` sums the rows of a build."""

from __future__ import annotations

import json
import os

STATS_VARIABLE = "REPORTAL_STATS"


def append_stats(row: dict[str, object]) -> None:
    """Append ``row`` to the stats file, when one is named."""
    target = os.environ.get(STATS_VARIABLE)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
