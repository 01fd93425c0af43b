"""A staged edition as plain files, for a site generator that runs no Reportal plugin (Zensical).

The edition's site plan (``site/plan.py``: what the ``reportal`` MkDocs plugin hands to MkDocs
in its hooks) is written into the staged docs folder instead (docs/dev/zensical.md): report
pages (title and search tags as front matter, the header, the print blocks as placeholders, the
body between markers with its KPI blocks as placeholders, rendered by Reportal in
``static_blocks.py``), listing pages, portal pages and downloads, frozen snapshots, the theme's
assets and plotly.js, a static ``main.html`` override, and a config without the ``reportal`` and
``macros`` plugins whose nav holds the listing sections (``site/edition_config.py``).
``static_finish.py`` then sanitises the written report pages and puts the blocks in. The
generator builds static content only.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportal.kpi.checks import check_all
from reportal.model.language import portal_language
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.portal.approvals import issued_approvals, read_approvals, write_approvals
from reportal.portal.editions import Edition, reports_of
from reportal.portal.escape import escape_html
from reportal.portal.pages import report_src_uri, search_tags
from reportal.portal.urls import page_url, rel_url
from reportal.publish.staging import stage_edition
from reportal.publish.static_blocks import BodyRenderer, place_unsearched, take_blocks
from reportal.site.edition_config import OVERRIDES_DIR, STATIC_SITE_DIR, docs_dir, static_config
from reportal.site.plan import NavGroup, SitePlan, plan_site
from reportal.site.theme import PRINT_CSS, SCREEN_CSS, SCRIPTS, THEME_DIR
from reportal.site.yamlconfig import dump_config, load_config_text

EN_SUFFIX = ".en.md"
SITE_DIR = STATIC_SITE_DIR
BODY_START, BODY_END = "<!-- reportal-body -->", "<!-- /reportal-body -->"  # author content


@dataclass(frozen=True)
class StaticPlan:
    """An edition's site plan written out: ``files`` (docs-relative path -> content) and the
    nav sections listing the reports (the site plan's ``nav``)."""

    files: dict[str, str | bytes]
    nav: list[NavGroup]
    blocks: dict[str, dict[str, str]] = field(default_factory=dict)
    """Report page URL -> placeholder -> block HTML (``static_finish.py`` puts them in)."""


@dataclass(frozen=True)
class StaticProject:
    """A staged edition ready for a static generator: its config file and its plan."""

    config_file: Path
    plan: StaticPlan

    @property
    def site_dir(self) -> Path:
        return self.config_file.parent / SITE_DIR


def stage_static(portal: Portal, edition: Edition, stage: Path, lang: str) -> StaticProject:
    """Stage ``edition`` as ``reportal build`` does, then write its plan into the stage (the
    generator builds ``config_file`` into ``stage/site``)."""
    config_file = stage_edition(portal, edition, stage, stage / SITE_DIR)
    approvals = read_approvals(portal.root, portal.registry.settings.reports_dir)
    write_approvals(stage, issued_approvals(approvals, reports_of(portal, edition)))
    staged = check_all(stage, data_checks=False)  # as the build worker loads it
    customer = portal.registry.customers.get(edition.customer or "")
    suffix = f" · {escape_html(customer.short_name)}" if customer is not None else ""
    plan = static_plan(staged, edition.id, lang)
    return StaticProject(write_static_project(config_file, plan, lang, suffix), plan)


def static_plan(portal: Portal, edition: str, lang: str) -> StaticPlan:
    """``plan_site()`` of ``edition`` of the (staged) ``portal`` as files, in language ``lang``:
    report pages with their macros rendered by Reportal and what the plugin's page hooks add."""
    plan = plan_site(portal, edition, lang)
    files: dict[str, str | bytes] = {}
    blocks: dict[str, dict[str, str]] = {}
    bodies = BodyRenderer(portal, lang)
    uris = {page.report.number: uri for uri, page in plan.pages.items()}
    for uri, page in plan.pages.items():
        files[uri] = report_markdown(plan, page.report, bodies.render(page.report), uris)
        blocks[page_url(uri)] = take_blocks(page.report)
    files.update({uri: path.read_bytes() for uri, path in plan.snapshots.items()})
    for uri, listing in plan.listings.items():
        files[uri] = _front({"title": listing.title}) + listing.markdown
    files.update(plan.generated)
    for uri, asset in plan.assets.items():
        files[uri] = asset.read_bytes() if isinstance(asset, Path) else asset
    return StaticPlan(files, plan.nav, blocks)


def report_markdown(plan: SitePlan, report: Report, body: str, uris: dict[str, str]) -> str:
    """A report page as Markdown: ``body`` (macros rendered) between the body markers, with
    what the plugin's page hooks add written out beforehand (front matter, header, print
    blocks as unsearched placeholders). ``uris``: report number -> its page's src_uri."""
    here = report_src_uri(report)
    header = plan.header(report, lambda n: rel_url(here, uris[n]) if n in uris else None)
    before, after = plan.print_blocks(report)
    meta = {
        "title": report.title,
        "tags": search_tags(report),  # as the plugin sets them: the search weighs tags most
    }
    parts = [place_unsearched(report, before), header, BODY_START, body, BODY_END]
    return _front(meta) + "\n\n".join([*parts, place_unsearched(report, after)]) + "\n"


def write_static_project(config_file: Path, plan: StaticPlan, lang: str, suffix: str = "") -> Path:
    """Write ``plan`` into the staged edition of ``config_file``; return the config to build.
    ``suffix``: what a customer edition adds to an English site name (`` · Huaxin``)."""
    root = config_file.parent
    config = load_config_text(config_file.read_text(encoding="utf-8"))
    docs = root / docs_dir(config)
    _localize_docs(docs, lang)
    _copy_theme_assets(docs)
    for uri, content in plan.files.items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        target.write_bytes(data)
    (root / OVERRIDES_DIR / "partials").mkdir(parents=True, exist_ok=True)
    (root / OVERRIDES_DIR / "main.html").write_text(static_main_html(), encoding="utf-8")
    # The tags are for the search (as with the plugin); Material shows them only with its
    # tags plugin, Zensical on every page: an empty partial keeps them off the page.
    (root / OVERRIDES_DIR / "partials" / "tags.html").write_text("", encoding="utf-8")
    out = root / "zensical.yml"
    out.write_text(dump_config(static_config(config, plan.nav, lang, suffix)), encoding="utf-8")
    return out


def zensical_command() -> list[str] | None:
    """``$ZENSICAL``, else ``zensical`` beside this Python, else on PATH; None when absent
    (Zensical is no dependency of Reportal)."""
    named = os.environ.get("ZENSICAL") or str(Path(sys.executable).with_name("zensical"))
    found = named if Path(named).is_file() else shutil.which("zensical")
    return [found] if found else None


def static_main_html() -> str:
    """``theme/main.html`` with the asset list written out (no ``reportal_assets`` global)."""
    links = [f'<link rel="stylesheet" href="{{{{ \'{p}\' | url }}}}">' for p in SCREEN_CSS]
    links += [
        f'<link rel="stylesheet" media="print" href="{{{{ \'{p}\' | url }}}}">' for p in PRINT_CSS
    ]
    links += [f"<script defer src=\"{{{{ '{p}' | url }}}}\"></script>" for p in SCRIPTS]
    head = "\n  ".join(links)
    return (
        '{% extends "base.html" %}\n{% block extrahead %}\n  {{ super() }}\n  '
        + head
        + "\n{% endblock %}\n"
    )


def _localize_docs(docs: Path, lang: str) -> None:
    """As ``site/localize.py``: ``X.en.md`` never a page of its own; for ``en`` it replaces
    ``X.md``."""
    for english in sorted(docs.rglob("*" + EN_SUFFIX)):
        base = english.with_name(english.name.removesuffix(EN_SUFFIX) + ".md")
        if lang == "en" and base.exists():
            english.replace(base)
        else:
            english.unlink()


def _copy_theme_assets(docs: Path) -> None:
    """The theme folder's assets as static files of the site (MkDocs copies a theme dir's)."""
    source = THEME_DIR / "assets"
    shutil.copytree(source, docs / "assets", dirs_exist_ok=True)


def _front(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def edition_language(portal: Portal, option: str | None = None) -> str:
    """The portal language, decided as for a MkDocs build (``model/language.py``)."""
    return portal_language(option, portal.registry.settings.language)
