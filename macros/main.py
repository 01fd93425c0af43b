"""mkdocs-macros module: the Reportal macros (allow-listed; see reportal.macros.env)."""

from reportal.macros.env import define_env

__all__ = ["define_env"]
