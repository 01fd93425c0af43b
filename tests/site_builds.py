"""Helpers for site tests: real ``mkdocs build --strict`` runs (subprocess) of the demo portal
and of tmp portals (a small mkdocs.yml without mkdocs-macros), and link extraction."""

from __future__ import annotations

import json
import os
import posixpath
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).parent / "mkdocs"

TMP_MKDOCS_YML = """\
site_name: 测试门户
theme: {{name: material, language: zh, font: false}}
nav:
  - 首页: index.md
  - 报告:
      - reports/index.md
plugins:
  - search
  - reportal:
      edition: {edition}
markdown_extensions: [admonition, tables, attr_list, md_in_html, pymdownx.details]
"""


@dataclass(frozen=True)
class Build:
    """A finished (or failed) build: exit code, combined log, and the site folder."""

    returncode: int
    log: str
    site: Path

    def page(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


def run_mkdocs(config: Path, site: Path) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [str(MKDOCS), "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
        cwd=config.parent,
        timeout=900,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


REGISTRY_FILES = ("reportal.yml", "data/customers.yml", "data/people.yml", "data/plan.yml",
                  "data/calendars.yml")  # fmt: skip


def stats_build(
    config: Path, name: str, monkeypatch: pytest.MonkeyPatch, **env: str
) -> tuple[Build, dict[str, int]]:
    """A strict build of ``config`` into ``<portal>/../<name>`` with ``env`` set; the build
    and the plugin's stats row (``REPORTAL_STATS``)."""
    stats = config.parent.parent / f"{name}.stats.jsonl"
    with monkeypatch.context() as patch:
        patch.setenv("REPORTAL_STATS", str(stats))
        for variable, value in env.items():
            patch.setenv(variable, value)
        done = run_mkdocs(config, config.parent.parent / name)
    return done, json.loads(stats.read_text(encoding="utf-8").splitlines()[-1])


def make_portal(root: Path, files: dict[str, str], edition: str = "provider") -> Path:
    """A portal at ``root``: the demo registry, ``files`` and a small mkdocs.yml (no macros)."""
    for rel in REGISTRY_FILES:
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO_ROOT / rel).read_bytes())
    files = {"docs/index.md": "# 首页\n", **files}
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(TMP_MKDOCS_YML.format(edition=edition), encoding="utf-8")
    return root / "mkdocs.yml"


def report_file(number: str, body: str = "## 摘要\n\n本期服务平稳。\n", **fields: str) -> str:
    """A valid report's text; ``fields`` override or add front-matter lines (raw YAML values)."""
    customer = fields.pop("customer", number.split("-")[1].lower())
    year, month = number.split("-")[2:4]
    author, approver = ("li.na", "wang.qiang") if customer == "huaxin" else ("zhao.lei", "sun.li")
    next_month = f"{int(year) + (month == '12')}-{int(month) % 12 + 1:02d}"
    front = {
        "number": number,
        "title": f"{customer} {year} 年 {int(month)} 月报告",
        "customer": customer,
        "period": f"{year}-{month}",
        "category": "regular",
        "author": author,
        "approver": approver,
        "status": "approved",
        "prepared": f"{next_month}-02",
        "approved_on": f"{next_month}-03",
        "issued": f"{next_month}-04",
        **fields,
    }
    lines = [f"{key}: {value}" for key, value in front.items() if value != ""]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def report_path(number: str) -> str:
    customer, year = number.split("-")[1].lower(), number.split("-")[2]
    return f"reports/{customer}/{year}/{number}.md"


class _Links(HTMLParser):
    """Hrefs of <a> elements, split into those inside a <nav> and the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.in_nav: list[str] = []
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "nav":
            self.depth += 1
        href = dict(attrs).get("href")
        if tag == "a" and href is not None:
            (self.in_nav if self.depth else self.outside).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self.depth -= 1


def links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


class _NavLinks(HTMLParser):
    """Hrefs of Material's sidebar links (``a.md-nav__link``), split into the links of section
    headers (inside ``div.md-nav__container``: the section's index page) and list entries."""

    def __init__(self) -> None:
        super().__init__()
        self.divs: list[bool] = []
        self.sections: list[str] = []
        self.entries: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "div":
            self.divs.append("md-nav__container" in classes)
        href = values.get("href")
        if tag == "a" and "md-nav__link" in classes and href is not None:
            (self.sections if any(self.divs) else self.entries).append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.divs:
            self.divs.pop()


def nav_links(html: str) -> _NavLinks:
    parser = _NavLinks()
    parser.feed(html)
    return parser


def resolve(page: str, href: str) -> str:
    """A relative href of the page at ``page`` (site-relative) as a site-relative folder."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) + "/"


def page_of(number: str) -> str:
    """The built page of a report numbered like SR-<CODE>-<YEAR>-... (code = customer id)."""
    customer, year = number.split("-")[1].lower(), number.split("-")[2]
    return f"reports/{customer}/{year}/{number}/index.html"
