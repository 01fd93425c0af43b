"""``ReportalPlugin``: the MkDocs plugin that turns a Reportal portal into a site.

Event handlers only; each delegates to a plain function of this package.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import material
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from reportal.build_stats import append_stats
from reportal.cachedir import cache_dir
from reportal.issues import Issue, has_errors, render_text, sort_issues
from reportal.kpi.checks import check_all, prevalidated, report_content
from reportal.kpi.snapshots import ReportContent
from reportal.model.portal import Portal
from reportal.model.registry import Registry
from reportal.model.report import Report
from reportal.portal import pages
from reportal.portal.dashboard import EngineKpiSource
from reportal.portal.editions import PROVIDER
from reportal.portal.escape import escape_braces, escape_html
from reportal.portal.listings import ALL_URI, ListingPage
from reportal.portal.pages import ReportPage, page_meta
from reportal.portal.sanitize import sanitize_html
from reportal.site.config import ReportalConfig, resolve_language, resolve_root
from reportal.site.files import add_plan_files
from reportal.site.generated_cache import GeneratedPages
from reportal.site.html_cache import HtmlCache, page_digest, site_salt, why_off
from reportal.site.localize import apply_texts, localize_files
from reportal.site.macros import (
    attach_content,
    drop_placed,
    finish_blocks,
    place_block,
    placed_blocks,
    put_placed,
    restore_blocks,
)
from reportal.site.nav_memo import NavMemo, with_material_prefix
from reportal.site.navigation import add_listing_sections
from reportal.site.page_cache import (
    GENERATED_DIR,
    CachedPage,
    PageCache,
    skip_render,
    toc_tokens,
)
from reportal.site.page_spill import SPILLED, PageSpill, SpilledPage, may_release, why_no_spill
from reportal.site.plan import SitePlan, plan_site
from reportal.site.postcheck import find_leaks, host_paths
from reportal.site.prefill import mark_populated
from reportal.site.search_cache import (
    page_identity,
    restore_indexing,
    search_entries,
    skip_indexing,
)
from reportal.site.search_index import restore, write_material_index
from reportal.site.search_words import remember_segmentation
from reportal.site.serve_errors import ServeErrors, serve_errors
from reportal.site.theme import THEME_DIR, head_assets, theme_dir_index

log = logging.getLogger("mkdocs.plugins.reportal")
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"
CACHED_MARKDOWN = "RPTLCACHEDPAGE"  # converted in place of a page taken from the page cache
NO_PAGE_CACHE = "REPORTAL_NO_PAGE_CACHE"  # set (to anything): convert every page


class ReportalPlugin(BasePlugin[ReportalConfig]):
    """Validates the portal, adds its reports and listing pages, and renders report headers."""

    def __init__(self) -> None:
        self.root = Path.cwd()
        self.portal: Portal | None = None  # loaded and checked once, in on_config
        self.content: ReportContent | None = None  # each report's snapshot, once per build
        self.language = "zh"
        self.plan: SitePlan | None = None  # what the edition's site holds, made in on_files
        self.pages: dict[str, ReportPage] = {}  # the plan's report pages
        self.listings: dict[str, ListingPage] = {}  # the plan's listing pages
        self.urls: dict[str, str] = {}
        self.page_cache = PageCache(None, "")
        self.generated = GeneratedPages(PageCache(None, ""))  # listings, dashboards...
        self.nav_memo = NavMemo((), enabled=False)  # report pages' navigation, once per folder
        self.nav: Navigation | None = None  # the build's navigation, as every page shows it
        self.html = HtmlCache(None)  # written pages kept whole (site/html_cache.py)
        self.cached: dict[str, CachedPage] = {}  # src_uri -> page taken from the cache
        self.to_cache: dict[str, tuple[str, int]] = {}  # src_uri -> (key, direct blocks before)
        self.indexed: dict[str, CachedPage] = {}  # from the cache, its search entries not added
        self.converted: dict[str, tuple[str, CachedPage]] = {}  # to keep once it is indexed
        self.search_marks: dict[str, int] = {}  # src_uri -> entries before Material indexed it
        self.search_skipped: dict[str, Any] = {}  # src_uri -> its meta "search" before skipping
        self.spill = PageSpill(None)  # converted pages until written (site/page_spill.py)
        self.release = False  # a written page lets its content go
        self.digests: dict[str, str] = {}  # src_uri -> its part of its HTML cache key
        self.search_written: Any = None  # Material's search plugin, its index written by us
        self.serving = False  # `mkdocs serve`: errors become the pages (serve_errors)
        self.errors: ServeErrors | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = resolve_root(self.config.root, config.config_file_path)
        portal = check_all(self.root, data_checks=not prevalidated())
        _log_issues(portal.issues)
        self.errors, self.plan, self.pages, self.listings = None, None, {}, {}
        self.cached, self.to_cache = {}, {}  # `mkdocs serve` keeps this plugin between builds
        self.generated.watch.stop()
        self.generated = GeneratedPages(PageCache(None, ""))  # none while the portal has errors
        self.indexed, self.converted, self.search_marks, self.search_skipped = {}, {}, {}, {}
        self.html.watch.stop()  # a render that failed last time may have left it watching
        self.nav, self.html = None, HtmlCache(None)
        self.spill.close()  # left open by a build that failed before on_post_build
        self.spill = PageSpill(None)
        self.digests, self.release = {}, False
        if has_errors(portal.issues) and self.serving:
            self.errors, self.content = serve_errors(portal, self.config.language), None
            return config
        if has_errors(portal.issues):
            count = sum(issue.is_error for issue in portal.issues)
            raise PluginError(f"reportal: the portal has {count} error(s); see above")
        self.portal = portal
        self.content = report_content(portal)
        attach_content(self.root, self.content)
        self.language = resolve_language(self.config.language, portal.registry.settings.language)
        _check_edition(portal.registry, self.config.edition)
        apply_texts(config, self.config.en, self.language, self._site_suffix())
        cache_folder = None if os.environ.get(NO_PAGE_CACHE) else cache_dir(self.root)
        self.page_cache = PageCache.open(cache_folder, config, self.language)
        self.generated.cache = PageCache.open(cache_folder, config, self.language, GENERATED_DIR)
        self.html = HtmlCache.open(cache_folder, self.config.edition, self.language)
        remember_segmentation()  # Material's search: each Chinese text segmented once
        self._open_spill(config)
        config.theme.dirs.insert(
            theme_dir_index(config.theme.dirs, config.theme.custom_dir), str(THEME_DIR)
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.errors is not None:
            return self.errors.files(files, config)
        files = localize_files(files, config, self.language)
        kpi_source = EngineKpiSource(self.loaded_content.engine)
        plan = plan_site(self.loaded_portal, self.config.edition, self.language, kpi_source)
        self.plan, self.pages, self.listings = plan, plan.pages, plan.listings
        self.generated.uris = generated_pages(plan)
        add_plan_files(files, config, plan)
        return files

    def _listing_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.errors is not None:
            return nav
        self.urls = {
            page.report.number: file.url
            for uri, page in self.pages.items()
            if (file := files.get_file_from_path(uri)) is not None
        }
        add_listing_sections(nav, files, config, self.loaded_plan.nav, ALL_URI)
        return nav

    @event_priority(-100)  # after every other plugin: the navigation the pages show
    def _final_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        return nav

    on_nav = CombinedEvent(_listing_nav, _final_nav)

    @event_priority(50)  # before mkdocs-macros (priority 0) renders the page
    def _page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.errors is not None:
            return self.errors.page_markdown(page)
        report_page = self.pages.get(page.file.src_uri)
        if report_page is not None:
            report = report_page.report
            page.meta["reportal"] = page_meta(report)
            page.meta["render_macros"] = True
            page.meta["tags"] = pages.search_tags(report)  # the number too: found whole
            page.meta["title"] = escape_html(report.title)  # see _page_title_note
            return self._cached_markdown(markdown, page, report)
        elif (listing := self.listings.get(page.file.src_uri)) is not None:
            page.meta["render_macros"] = False
            page.meta["title"] = escape_html(listing.title)
        return markdown

    @event_priority(-100)  # after every other plugin: the Markdown as it is converted
    def _generated_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """A generated page from the page cache: a stand-in for its Markdown (its content is
        put back in ``on_page_content``)."""
        if self.errors is not None or not self.generated.holds(page):
            return markdown
        cached = self.generated.take(markdown, page, files)
        if cached is None:
            return markdown
        self.cached[page.file.src_uri] = cached
        skip_render(page)
        return CACHED_MARKDOWN

    on_page_markdown = CombinedEvent(_page_markdown, _generated_markdown)

    def _page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.errors is None and self.generated.holds(page):
            return self._generated_body(html, page, files)
        report_page = self.pages.get(page.file.src_uri)
        if report_page is None:
            return html
        report = report_page.report
        header = self.loaded_plan.header(report, lambda number: self._link(number, page))
        before, after = self.loaded_plan.print_blocks(report)
        src = page.file.src_path
        body = self._body(html, page)
        printed = [place_block(src, escape_braces(part)) for part in (before, after)]  # unsearched
        return printed[0] + header + body + printed[1]

    @event_priority(-1000)  # after every other plugin (why_no_spill checks): the page as kept
    def _spill_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Key the page for the HTML cache now, then keep it on disk until it is written."""
        if self.errors is not None or self.spill.folder is None:
            return html
        uri, src = page.file.src_uri, page.file.src_path
        page.content, blocks = html, placed_blocks(src)
        custom = bool(config.theme.custom_dir)
        self.digests[uri] = page_digest(page, blocks, custom)  # as _plan_html would have
        held: dict[str, dict[str, Any]] = {"converted": self.converted, "indexed": self.indexed}
        state = {name: pages.pop(uri) for name, pages in held.items() if uri in pages}
        self.spill.put(uri, SpilledPage(html, page.markdown, blocks, state))
        drop_placed(src)
        if page.file.generated_by is not None:  # its Markdown is read: let go of it too
            page.file.content_string = ""
            self.loaded_plan.let_go(uri)
        page.markdown = ""  # not None: MkDocs then takes the page for untitled
        return SPILLED

    on_page_content = CombinedEvent(_page_content, _spill_page)

    def _open_spill(self, config: MkDocsConfig) -> None:
        off = why_no_spill(config, self, self._spill_page)
        if off is not None:
            log.debug("reportal: converted pages kept in memory: %s", off)
            return
        self.spill = PageSpill.open(self.root if self.loaded_portal.staged else None)
        self.release = may_release(config, self)

    def _take_spilled(self, page: Page) -> None:
        """Put back what ``_spill_page`` kept of ``page``, before anything reads it."""
        spilled = self.spill.take(page.file.src_uri)
        if spilled is None:
            return
        page.content, page.markdown = spilled.content, spilled.markdown
        put_placed(page.file.src_path, spilled.blocks)
        if "converted" in spilled.state:
            self.converted[page.file.src_uri] = spilled.state["converted"]
        if "indexed" in spilled.state:
            self.indexed[page.file.src_uri] = spilled.state["indexed"]

    def _cached_markdown(self, markdown: str, page: Page, report: Report) -> str:
        """An issued report's page from the page cache: a stand-in for the Markdown (its
        content is put back in ``on_page_content``); else remember its key to keep it."""
        loaded = self.loaded_portal.frozen(report)
        if loaded is None:
            return markdown
        key = self.page_cache.key(markdown, page.meta["reportal"], loaded.stored_sha256)
        if key is None:
            return markdown
        cached = self.page_cache.get(key)
        if cached is None:
            self.to_cache[page.file.src_uri] = (key, self.loaded_content.direct)
            return markdown
        self.cached[page.file.src_uri] = cached
        page.meta["render_macros"] = False
        skip_render(page)
        return CACHED_MARKDOWN

    def _body(self, html: str, page: Page) -> str:
        """The converted page with its blocks as placeholders: from the cache, or converted
        now (and kept when every block came from the snapshot)."""
        src, uri = page.file.src_path, page.file.src_uri
        cached = self.cached.pop(uri, None)
        if cached is not None:
            return self._from_cache(cached, page)
        body = restore_blocks(src, sanitize_html(html))  # blocks: ours, not authors'
        key, direct = self.to_cache.pop(uri, ("", 0))
        if key and self.loaded_content.direct == direct:
            anchors = sorted(page.present_anchor_ids or ())
            kept = CachedPage(body, placed_blocks(src), toc_tokens(page), anchors)
            self.converted[uri] = (key, kept)  # kept with its search entries (_after_search)
        return body

    def _generated_body(self, html: str, page: Page, files: Files) -> str:
        """A generated page's content: from the cache, or converted now (kept with its search
        entries in ``_after_search`` unless ``GeneratedPages.made`` says not to)."""
        cached = self.cached.pop(page.file.src_uri, None)
        if cached is not None:
            return self._from_cache(cached, page, files)
        kept = self.generated.made(html, page)
        if kept is not None:
            self.converted[page.file.src_uri] = kept
        return html

    def _from_cache(self, cached: CachedPage, page: Page, files: Files | None = None) -> str:
        """What converting the page would have given, from the cache (search: ``indexed``)."""
        cached.apply_to(page, files)
        put_placed(page.file.src_path, cached.blocks)
        self.indexed[page.file.src_uri] = cached
        return cached.body

    @event_priority(100)  # before Material's search plugin indexes the page
    def _before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self._take_spilled(page)
        uri, entries = page.file.src_uri, search_entries(config)
        cached = self.indexed.pop(uri, None)
        if entries is None:
            return context
        search = cached.search if cached is not None else None
        if search is not None and search.get("page") == page_identity(page):
            entries.extend(search["entries"])
            self.search_skipped[uri] = skip_indexing(page)
        elif uri in self.converted:
            self.search_marks[uri] = len(entries)
        return context

    @event_priority(-100)  # after it: keep a converted page with the entries it made
    def _after_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        uri, entries = page.file.src_uri, search_entries(config)
        mark = self.search_marks.pop(uri, None)
        if uri in self.search_skipped:
            restore_indexing(page, self.search_skipped.pop(uri))
        if (converted := self.converted.pop(uri, None)) is not None:
            key, kept = converted
            if entries is not None and mark is not None:
                found = {"page": page_identity(page), "entries": entries[mark:]}
                kept = replace(kept, search=found)
            cache = self.generated.cache if self.generated.holds(page) else self.page_cache
            cache.put(key, kept)
        self.html.start_render(page)  # its template renders next
        return context

    on_page_context = CombinedEvent(_before_search, _after_search)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["reportal_assets"] = head_assets()
        enabled = self.errors is None and not os.environ.get(NO_PAGE_CACHE)
        self.nav_memo = env.globals["reportal_nav"] = NavMemo(self.pages, enabled)
        with_material_prefix(env, MATERIAL_TEMPLATES)
        self._plan_html(env, config, files)
        if self.errors is None and self.loaded_portal.staged:  # a prefill may stop now
            mark_populated(self.root)
        return env

    def _plan_html(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        """Which pages are written from the HTML cache, and which are rendered and kept."""
        if self.errors is not None or self.nav is None or self.html.folder is None:
            return
        off = why_off(config, self)
        if off is not None:
            log.debug("reportal: no HTML cache: %s", off)
            self.html = HtmlCache(None)
            return
        salt = site_salt(config, self.nav, files, self.root, self.config.edition, self.language)
        pages = [file.page for file in files.documentation_pages() if file.page is not None]
        custom = bool(config.theme.custom_dir)  # its templates may show a page's Markdown
        self.html.plan(pages, salt, lambda page: self._page_digest(page, custom))
        self.html.install(env)

    def _page_digest(self, page: Page, custom: bool) -> str:
        digest = self.digests.get(page.file.src_uri)
        if digest is not None:
            return digest
        return page_digest(page, placed_blocks(page.file.src_path), custom)

    def _written_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.html.end_render(page)
        if self.html.is_served(page):  # as kept: its blocks in, checked but for this build's paths
            finish_blocks(page.file.src_path, "")  # its placeholders are not needed
            leaks = [f"the host path {path}" for path in host_paths(self.root) if path in output]
        else:
            output = finish_blocks(page.file.src_path, output)
            leaks = find_leaks(output, host_paths(self.root))
        if leaks:
            report_page = self.pages.get(page.file.src_uri)
            source = report_page.report.path if report_page else page.file.src_uri
            raise PluginError(f"reportal: page '{source}' would show " + "; ".join(leaks))
        return output

    @event_priority(-100)  # after every other plugin: the page as it is written
    def _keep_written(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.html.keep(page, output)
        if self.release:  # written: nothing reads it again (may_release)
            page.content, page.markdown = "", ""  # not None: the page keeps its title
        return output

    on_post_page = CombinedEvent(_written_page, _keep_written)

    @event_priority(100)  # before Material's search plugin writes its index
    def _write_search_index(self, *, config: MkDocsConfig) -> None:
        if self.errors is None:
            self.search_written = write_material_index(config)  # site/search_index.py

    def _post_build(self, *, config: MkDocsConfig) -> None:
        if self.errors is not None:
            self.errors.write_not_found(config.site_dir)
        else:
            navs, generated = self.nav_memo.renders, self.generated.stats()
            generated.update(self.html.stats())
            imported = "pandas" in sys.modules  # not when every KPI came from the caches
            generated.update(pages_spilled=self.spill.count, pandas_imported=imported)
            generated.update(search_index_written=self.search_written is not None)
            self.html.prune()
            write_build_stats(
                self.config.edition, self.loaded_content, self.page_cache.hits, navs, generated
            )
        for name in ("404.html", "sitemap.xml"):
            path = Path(config.site_dir) / name
            if path.is_file():
                leaks = find_leaks(path.read_text(encoding="utf-8"), host_paths(self.root))
                if leaks:
                    raise PluginError(f"reportal: '{name}' would show " + "; ".join(leaks))
        self.spill.close()

    @event_priority(-100)  # after it
    def _search_index_written(self, *, config: MkDocsConfig) -> None:
        self._restore_search()

    on_post_build = CombinedEvent(_write_search_index, _post_build, _search_index_written)

    def on_build_error(self, *, error: Exception) -> None:
        self.spill.close()
        self._restore_search()

    def _restore_search(self) -> None:
        """Material's search plugin writes its own index again (``mkdocs serve`` keeps it)."""
        restore(self.search_written)
        self.search_written = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for path in _watched_paths(self.root, self.portal.registry if self.portal else None):
            if path.exists():
                server.watch(str(path))
        return server

    @property
    def loaded_portal(self) -> Portal:
        assert self.portal is not None, "on_config loads the portal first"
        return self.portal

    @property
    def loaded_content(self) -> ReportContent:
        assert self.content is not None, "on_config computes the report content first"
        return self.content

    @property
    def loaded_plan(self) -> SitePlan:
        assert self.plan is not None, "on_files plans the site first"
        return self.plan

    @property
    def registry(self) -> Registry:
        return self.loaded_portal.registry

    def _link(self, number: str, page: Page) -> str | None:
        url = self.urls.get(number)
        return get_relative_url(url, page.url) if url is not None else None

    def _site_suffix(self) -> str:
        customer = self.registry.customers.get(self.config.edition)
        return f" · {escape_html(customer.short_name)}" if customer is not None else ""


# _page_title_note: the title goes into ``page.meta["title"]`` already HTML-escaped (braces as
# character references). Material prints ``page.meta.title`` as is in ``<title>``; its fallback,
# ``page.title | striptags``, would unescape the text again and let ``</title><script>`` through.


def _log_issues(issues: list[Issue]) -> None:
    """Errors at ERROR; warnings at INFO (``reportal check`` shows them; ``--strict`` stays for
    MkDocs' own warnings)."""
    for issue in sort_issues(issues):
        if issue.is_error:
            log.error(render_text(issue))
        else:
            log.info(render_text(issue))


def _check_edition(registry: Registry, edition: str) -> None:
    if edition != PROVIDER and edition not in registry.customers:
        known = ", ".join([PROVIDER, *sorted(registry.customers)])
        raise PluginError(f"reportal: edition '{edition}' is not known (expected one of: {known})")


def write_build_stats(
    edition: str,
    content: ReportContent,
    pages_cached: int = 0,
    report_navs: int = 0,
    generated: dict[str, Any] | None = None,
) -> None:
    """With ``REPORTAL_STATS=FILE``: append what this build computed (bench/bench_scale.py)."""
    row: dict[str, object] = {
        "edition": edition,
        "kpis": content.kpis_computed,
        "snapshots": content.computed,
        "pages_cached": pages_cached,
        "report_navs": report_navs,  # navigation renders for report pages (site/nav_memo.py)
        **(generated or {}),  # generated pages from the page cache / converted
    }
    append_stats(row)


def generated_pages(plan: SitePlan) -> frozenset[str]:
    """The pages the plan generates: listings and portal pages (not downloads, assets, report
    pages, nor the portal's own docs pages)."""
    portal = {uri for uri, content in plan.generated.items() if isinstance(content, str)}
    return frozenset(uri for uri in {*plan.listings, *portal} if uri.endswith(".md"))


def _watched_paths(root: Path, registry: Registry | None) -> list[Path]:
    settings = registry.settings if registry else None
    reports_dir = settings.reports_dir if settings else "reports"
    data_dir = settings.data_dir if settings else "data"
    return [root / reports_dir, root / data_dir, root / "reportal.yml"]
