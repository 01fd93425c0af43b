"""What ``reportal build`` tells the user while it runs, and its one-line summary.

Plain lines on stderr (``reportal: …``), one per stage: the check, the edition builds, the PDFs
of each edition (with a tqdm bar per edition on a terminal). The summary counts editions,
pages and PDFs and says where the time went. Nothing here changes what is built.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from reportal.issues import Issue
    from reportal.portal.editions import Edition

AfterBuild = Callable[[Path, "Edition"], "list[Issue]"]
PREFIX = "reportal: "


def show_bars(stream: TextIO | None = None) -> bool:
    """Progress bars only on a terminal; logs and CI get the plain lines alone."""
    return (stream or sys.stderr).isatty()


@dataclass
class BuildProgress:
    """Stage lines as a build goes; ``summary()`` at the end. ``quiet`` prints nothing."""

    quiet: bool = False
    stream: TextIO | None = None
    clock: Callable[[], float] = time.monotonic
    started: float = field(default=0.0)
    times: dict[str, float] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    pdfs: dict[str, int] = field(default_factory=dict)
    _mark: float = 0.0

    def __post_init__(self) -> None:
        self.started = self._mark = self.clock()

    def say(self, text: str) -> None:
        if not self.quiet:
            click.echo(PREFIX + text, file=self.stream or sys.stderr)

    def checked(self, reports: int) -> None:
        self.times["check"] = self._lap()
        self.say(f"checked {_plural(reports, 'report')} in {self.times['check']:.1f} s")

    def building(self, editions: list[str]) -> None:
        self._lap()
        self.say(f"building {_plural(len(editions), 'edition')}: {', '.join(editions)}")

    def after_build(self, render_pdfs: AfterBuild | None) -> AfterBuild:
        """The publish hook: counts each built edition's pages, then runs ``render_pdfs``."""

        def hook(edition_dir: Path, edition: Edition) -> list[Issue]:
            if "build" not in self.times:
                self.times["build"] = self._lap()
                self.say(f"built the editions in {self.times['build']:.1f} s")
            self.pages[edition.out_rel] = count_pages(edition_dir)
            if render_pdfs is None:
                return []
            self.say(f"PDFs of {edition.out_rel} ({self.pages[edition.out_rel]} pages) …")
            issues = render_pdfs(edition_dir, edition)
            seconds = self._lap()
            self.times["pdf"] = self.times.get("pdf", 0.0) + seconds
            self.pdfs[edition.out_rel] = count_pdfs(edition_dir)
            self.say(f"PDFs of {edition.out_rel}: {self.pdfs[edition.out_rel]} in {seconds:.1f} s")
            return issues

        return hook

    def summary(self, editions: list[str]) -> str:
        """``✓ published 3 editions (95 pages, 55 PDFs) in 41.0 s (check 0.3 s, …): a, b, c``."""
        total = self.clock() - self.started
        counts = [_plural(sum(self.pages.values()), "page")]
        if self.pdfs:
            counts.append(_plural(sum(self.pdfs.values()), "PDF"))
        rest = total - sum(self.times.values())  # edition scan, build records, swap
        stages = {**self.times, "scan and publish": rest} if "build" in self.times else self.times
        times = [f"{name} {stages[name]:.1f} s" for name in _STAGES if name in stages]
        published = _plural(len(editions), "edition")
        head = f"✓ published {published} ({', '.join(counts)}) in {total:.1f} s"
        return head + (f" ({', '.join(times)})" if times else "") + ": " + ", ".join(editions)

    def _lap(self) -> float:
        now = self.clock()
        seconds, self._mark = now - self._mark, now
        return seconds


_STAGES = ("check", "build", "pdf", "scan and publish")


def count_pages(edition_dir: Path) -> int:
    """HTML pages of a built edition (404.html included, assets excluded)."""
    return sum(1 for _ in edition_dir.rglob("*.html"))


def count_pdfs(edition_dir: Path) -> int:
    reports = edition_dir / "reports"
    return sum(1 for _ in reports.rglob("*.pdf")) if reports.is_dir() else 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
