"""``reportal init``: a new portal folder that checks and builds at once.

The skeleton (``reportal/skeleton/``) holds the files as they are written; a path part
``dot-x`` becomes ``.x`` (so setuptools ships them) and ``@@NAME@@`` tokens are filled in.
Beside it the portal gets the report templates (a copy of Reportal's, to adapt), CODEOWNERS
generated from the skeleton's people, and made-up example exports for its example customer
(``authoring/init_data.py``), so that ``reportal new`` → ``reportal check`` → ``mkdocs build
--strict`` pass before anything is edited. The portal holds no copy of the engine: mkdocs.yml
loads the installed plugin and macros, requirements.txt pins Reportal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportal import __version__
from reportal.authoring.init_data import example_exports
from reportal.authoring.scaffold import TEMPLATES_DIR
from reportal.validate.codeowners import render_codeowners
from reportal.validate.registry_checks import load_registry

SKELETON_DIR = Path(__file__).resolve().parents[1] / "skeleton"
IGNORED_ENTRIES = frozenset({".git"})  # a fresh `git init` or clone still counts as empty
EXAMPLE_CUSTOMER = "example"


@dataclass
class InitResult:
    """What ``init_portal`` wrote and what it left alone (``--force`` over existing files)."""

    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def is_empty_dir(folder: Path) -> bool:
    """Whether ``folder`` is missing or holds nothing but a ``.git``."""
    if not folder.exists():
        return True
    return folder.is_dir() and all(p.name in IGNORED_ENTRIES for p in folder.iterdir())


def init_portal(folder: Path, today: date) -> InitResult:
    """Write a new portal into ``folder``; an existing file is never overwritten."""
    result = InitResult()
    tokens = {"START": previous_month(today), "VERSION": __version__}
    for rel, text in skeleton_files(tokens):
        _write(folder, rel, text, result)
    for template in sorted(TEMPLATES_DIR.glob("*.md")):
        _write(folder, f"templates/{template.name}", template.read_text("utf-8"), result)
    for rel, text in example_exports(EXAMPLE_CUSTOMER, today).items():
        _write(folder, f"data/exports/{EXAMPLE_CUSTOMER}/{rel}", text, result)
    registry, _ = load_registry(folder)
    _write(folder, "CODEOWNERS", render_codeowners(registry).text, result)
    return result


def skeleton_files(tokens: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(portal-relative path, text) of every skeleton file, tokens filled in."""
    for path in sorted(SKELETON_DIR.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = "/".join(_real_name(part) for part in path.relative_to(SKELETON_DIR).parts)
        text = path.read_text(encoding="utf-8")
        for name, value in tokens.items():
            text = text.replace(f"@@{name}@@", value)
        yield rel, text


def previous_month(today: date) -> str:
    """``YYYY-MM`` of the month before ``today``'s: the first report a new portal writes."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def _real_name(part: str) -> str:
    return "." + part.removeprefix("dot-") if part.startswith("dot-") else part


def _write(folder: Path, rel: str, text: str, result: InitResult) -> None:
    target = folder / rel
    if target.exists():
        result.kept.append(rel)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    result.written.append(rel)
