"""Compatibility: portals written before the macros adapter moved to ``reportal.site.macros``."""
