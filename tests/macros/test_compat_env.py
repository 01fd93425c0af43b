"""Portals written before the macros adapter moved keep naming ``reportal.macros.env``."""

from __future__ import annotations

import reportal.site.macros
from reportal.macros import env


def test_the_old_entry_point_is_the_adapters_define_env() -> None:
    assert env.define_env is reportal.site.macros.define_env
