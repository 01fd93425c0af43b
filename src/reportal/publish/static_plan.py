"""A staged edition as plain files, for a site generator that runs no Reportal plugin (Zensical).

Prototype of the ``plan_site()`` seam (issue 15; docs/dev/zensical.md). What the ``reportal``
MkDocs plugin adds in its hooks is written into the staged docs folder instead: report pages
(title and search tags as front matter, the header, the print blocks as placeholders, the body
between markers with its KPI blocks as placeholders, rendered by Reportal in
``static_blocks.py``), listing pages, portal pages and downloads, frozen snapshots, the theme's
assets and plotly.js, a static ``main.html`` override, and a config without the ``reportal`` and
``macros`` plugins whose nav holds the listing sections. ``static_finish.py`` then sanitises the
written report pages and puts the blocks in. The generator builds static content only.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportal.kpi.checks import check_all
from reportal.model import strings
from reportal.model.language import portal_language
from reportal.model.report import Category, Report
from reportal.model.snapshot import snapshot_path
from reportal.portal.approvals import (
    Approval,
    issued_approvals,
    load_approvals,
    read_approvals,
    write_approvals,
)
from reportal.portal.editions import PROVIDER, Edition, reports_of
from reportal.portal.escape import escape_html
from reportal.portal.generated import generated_files
from reportal.portal.header import render_header
from reportal.portal.listings import (
    ALL_URI,
    BY_CATEGORY_URI,
    BY_CUSTOMER_URI,
    category_label,
    category_uri,
    customer_name,
    customer_uri,
    listing_pages,
)
from reportal.portal.pages import report_pages, report_src_uri, search_tags, select_reports
from reportal.portal.print_blocks import render_print_blocks
from reportal.publish.staging import stage_edition
from reportal.publish.static_blocks import BodyRenderer, place_unsearched, take_blocks
from reportal.site.localize import translate_nav
from reportal.site.theme import (
    PLOTLY_URI,
    PRINT_CSS,
    SCREEN_CSS,
    SCRIPTS,
    TEMPLATES_URI,
    THEME_DIR,
    plotly_source,
    plotly_templates_script,
)
from reportal.site.yamlconfig import dump_config, load_config_text
from reportal.validate.portal import Portal

EN_SUFFIX = ".en.md"
OVERRIDES_DIR = "overrides"
SITE_DIR = "site"  # Zensical refuses a site_dir outside the folder of its config
PLUGIN_NAME = "reportal"
DROPPED_PLUGINS = (PLUGIN_NAME, "macros")  # their work is done by the plan
BODY_START, BODY_END = "<!-- reportal-body -->", "<!-- /reportal-body -->"  # author content


@dataclass(frozen=True)
class SitePlan:
    """What an edition's site holds besides ``docs/``: ``files`` (docs-relative path -> content)
    and the nav sections listing the reports (``(title, [(path, title), ...])``)."""

    files: dict[str, str | bytes]
    sections: list[tuple[str, list[tuple[str, str]]]]
    blocks: dict[str, dict[str, str]] = field(default_factory=dict)
    """Report page URL -> placeholder -> block HTML (``static_finish.py`` puts them in)."""


@dataclass(frozen=True)
class StaticProject:
    """A staged edition ready for a static generator: its config file and its plan."""

    config_file: Path
    plan: SitePlan

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
    plan = plan_site(staged, edition.id, lang)
    return StaticProject(write_static_project(config_file, plan, lang, suffix), plan)


def plan_site(portal: Portal, edition: str, lang: str) -> SitePlan:
    """Every generated file of ``edition`` of the (staged) ``portal``, in language ``lang``."""
    reports = select_reports(portal.reports, edition)
    files: dict[str, str | bytes] = {}
    blocks: dict[str, dict[str, str]] = {}
    bodies = BodyRenderer(portal, lang)
    found = load_approvals(portal.root, portal.registry.settings.reports_dir)
    approvals = issued_approvals(found, reports)
    for uri, page in report_pages(reports).items():
        report = page.report
        body = bodies.render(report)
        files[uri] = report_markdown(
            portal, report, body, reports, lang, approvals.get(report.path)
        )
        blocks[page_url(uri)] = take_blocks(report)
        if edition == PROVIDER and portal.frozen(page.report) is not None:  # for auditors
            files[snapshot_path(uri)] = (portal.root / snapshot_path(page.report.path)).read_bytes()
    for listing in listing_pages(reports, portal.registry, lang):
        files[listing.src_uri] = _front({"title": listing.title}) + listing.markdown
    files.update(generated_files(portal, edition, lang))
    files[PLOTLY_URI] = plotly_source().read_bytes()
    files[TEMPLATES_URI] = plotly_templates_script()
    return SitePlan(files, _sections(portal, reports, lang), blocks)


def report_markdown(
    portal: Portal,
    report: Report,
    body: str,
    reports: list[Report],
    lang: str,
    approval: Approval | None = None,
) -> str:
    """A report page as Markdown: ``body`` (macros rendered) between the body markers, with
    what the plugin's page hooks add written out beforehand (front matter, header, print
    blocks as unsearched placeholders)."""
    urls = {r.number: page_url(report_src_uri(r)) for r in reports}
    here = page_url(report_src_uri(report))
    header = render_header(
        report,
        portal.registry,
        lang=lang,
        successors=[r for r in reports if r.supersedes == report.number],
        link_for=lambda number: _relative(urls[number], here) if number in urls else None,
        approval=approval,
    )
    before, after = render_print_blocks(report, portal.registry, lang, approval)
    meta = {
        "title": report.title,
        "tags": search_tags(report),  # as the plugin sets them: the search weighs tags most
    }
    parts = [place_unsearched(report, before), header, BODY_START, body, BODY_END]
    return _front(meta) + "\n\n".join([*parts, place_unsearched(report, after)]) + "\n"


def write_static_project(config_file: Path, plan: SitePlan, lang: str, suffix: str = "") -> Path:
    """Write ``plan`` into the staged edition of ``config_file``; return the config to build.
    ``suffix``: what a customer edition adds to an English site name (`` · Huaxin``)."""
    root = config_file.parent
    config = load_config_text(config_file.read_text(encoding="utf-8"))
    docs = root / str(config.get("docs_dir", "docs"))
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
    out.write_text(dump_config(static_config(config, plan, lang, suffix)), encoding="utf-8")
    return out


def static_config(
    config: dict[str, Any], plan: SitePlan, lang: str, suffix: str = ""
) -> dict[str, Any]:
    """The staged mkdocs.yml for a static build: no ``reportal`` plugin, a site folder inside
    the project, the override folder, the theme's language, the English texts of the plugin's
    ``en:`` option for ``en`` (as ``site/localize.py``) and the listing sections."""
    result = _english(config, suffix) if lang == "en" else dict(config)
    result["site_dir"] = SITE_DIR
    result["plugins"] = _without_plugins(config.get("plugins"))
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = OVERRIDES_DIR
    theme["language"] = lang
    theme.setdefault("variant", "classic")  # Zensical's look of Material for MkDocs
    result["theme"] = theme
    if isinstance(result.get("nav"), list):
        result["nav"] = _nav_with_sections(result["nav"], plan.sections)
    return result


def _english(config: dict[str, Any], suffix: str) -> dict[str, Any]:
    texts = _plugin_options(config.get("plugins")).get("en") or {}
    result = dict(config)
    for key in ("site_name", "site_description", "copyright"):
        if texts.get(key):
            result[key] = texts[key] + (suffix if key == "site_name" else "")
    if "nav" in result:
        result["nav"] = translate_nav(result["nav"], texts.get("nav") or {})
    return result


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """The ``reportal`` plugin's options in mkdocs.yml (empty when it has none)."""
    entries = plugins.items() if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        entries = [next(iter(p.items())) for p in plugins if _names_plugin(p)]
    found = [options for name, options in entries if name == PLUGIN_NAME]
    return found[0] if found and isinstance(found[0], dict) else {}


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


def _sections(
    portal: Portal, reports: list[Report], lang: str
) -> list[tuple[str, list[tuple[str, str]]]]:
    customers = sorted({r.customer for r in reports})
    categories = [c for c in Category if any(r.category is c for r in reports)]
    by_customer = [(customer_uri(c), customer_name(portal.registry, c)) for c in customers]
    by_category = [(category_uri(c), category_label(c, lang)) for c in categories]
    groups = [
        (strings.text("listing.by_customer", lang), [(BY_CUSTOMER_URI, ""), *by_customer]),
        (strings.text("listing.by_category", lang), [(BY_CATEGORY_URI, ""), *by_category]),
    ]
    return [(title, entries) for title, entries in groups if len(entries) > 1]


def _nav_with_sections(nav: list[Any], sections: list[tuple[str, list[tuple[str, str]]]]) -> Any:
    """``nav`` with ``sections`` appended to the section that holds ``reports/index.md``."""
    result: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            ((title, children),) = item.items()
            if isinstance(children, list):
                children = _nav_with_sections(children, sections)
                if ALL_URI in children:
                    children = children + [_nav_section(t, e) for t, e in sections]
            item = {title: children}
        result.append(item)
    return result


def _nav_section(title: str, entries: list[tuple[str, str]]) -> dict[str, Any]:
    return {title: [uri if not name else {name: uri} for uri, name in entries]}


def _without_plugins(plugins: Any) -> Any:
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k not in DROPPED_PLUGINS}
    if isinstance(plugins, list):
        return [p for p in plugins if _plugin_name(p) not in DROPPED_PLUGINS]
    return plugins


def _plugin_name(entry: Any) -> Any:
    return next(iter(entry), None) if isinstance(entry, dict) else entry


def _names_plugin(entry: Any) -> bool:
    return isinstance(entry, dict) and PLUGIN_NAME in entry


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


def page_url(uri: str) -> str:
    """The directory URL of a page (``use_directory_urls: true``)."""
    return uri.removesuffix(".md").removesuffix("index").rstrip("/") + "/"


def _relative(url: str, from_url: str) -> str:
    return posixpath.relpath(url, from_url) + "/"


def edition_language(portal: Portal, option: str | None = None) -> str:
    """The portal language, decided as for a MkDocs build (``model/language.py``)."""
    return portal_language(option, portal.registry.settings.language)
