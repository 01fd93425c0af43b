"""The portal's today: its time zone's date, or ``REPORTAL_TODAY`` when pinned."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

PORTAL_TIMEZONE = "Asia/Shanghai"
TODAY_VARIABLE = "REPORTAL_TODAY"


def portal_today() -> date:
    """Today in the portal's time zone, or ``REPORTAL_TODAY`` (YYYY-MM-DD) when it is set
    (reproducible builds and demos); the default wherever no date is injected."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            pass
    return datetime.now(tz=ZoneInfo(PORTAL_TIMEZONE)).date()
