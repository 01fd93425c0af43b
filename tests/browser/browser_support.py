"""Types shared by the browser tests and their fixtures (importable: no package here)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    log: str
    pdf: str | None  # site-relative path of a PDF produced in this build, if any


class ConsolePage:
    """A page plus the console errors and uncaught exceptions seen while it was open."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(f"console: {message.text} ({message.location})")
