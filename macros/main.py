"""mkdocs-macros module: the Reportal macros (allow-listed; see reportal.site.macros)."""

from reportal.site.macros import define_env

__all__ = ["define_env"]
