"""The last line of defence: a built page may never show Jinja, a traceback or a host path."""

from __future__ import annotations

from pathlib import Path

FORBIDDEN = (
    ("{{", "a literal `{{` (unrendered Jinja)"),
    ("{%", "a literal `{%` (unrendered Jinja)"),
    ("Traceback (most recent call last)", "a Python traceback"),
    ("_Macro Rendering Error_", "a mkdocs-macros error message"),
)


def find_leaks(html: str, host_paths: tuple[str, ...]) -> list[str]:
    """What ``html`` must not contain but does, described for a build error."""
    found = [what for needle, what in FORBIDDEN if needle in html]
    found += [f"the host path {path}" for path in host_paths if path in html]
    return found


def host_paths(root: Path) -> tuple[str, ...]:
    """The portal root as written and resolved (a short root such as `/` is not checked)."""
    paths = {str(root), str(root.resolve())}
    return tuple(sorted(p for p in paths if len(p) > 4))
