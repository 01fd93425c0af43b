"""The old name of the mkdocs-macros entry point, kept so that a portal whose ``macros/main.py``
or ``mkdocs.yml`` names ``reportal.macros.env`` keeps building. New portals (``reportal init``)
name ``reportal.site.macros``."""

from reportal.site.macros import define_env

__all__ = ["define_env"]
