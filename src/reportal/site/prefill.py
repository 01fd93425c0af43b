"""Convert issued report pages on the spare core while the build worker builds the edition.

A build of one edition (``reportal build --edition provider``) runs MkDocs in one worker
process, converting a thousand report pages one at a time while the second core idles. An
issued report's converted page is kept in the page cache (``site/page_cache.py``) under a key
made only of its own inputs, and a build takes it from there when it is present. So the spare
worker (``site/builder.py``) *prefills* that cache: it loads the same staged config and
converts the issued report pages from the last one backwards, keeping each (with its search
entries) exactly as the build keeps it. The build converts from the first page forwards and
takes from the cache every page the prefill kept before the build reached it: they meet in the
middle. Once the build has read every page (``on_env``) it leaves a mark (``POPULATED``) in
its staging tree, and the prefill stops.

Nothing depends on the prefill. A page it has not kept yet is converted by the build; it writes
nothing but page-cache entries (each whole, atomically; its own site folder is a throwaway);
any failure only stops it. It runs only when every handler around a page's conversion belongs
to a plugin whose effect is the page itself (ours, mkdocs-macros, the search plugins).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files, set_exclusions
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page

from reportal.build_stats import append_stats
from reportal.site.html_cache import foreign_handlers
from reportal.site.page_spill import RELEASE_SAFE, PageSpill
from reportal.site.search_cache import search_entries

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from reportal.site.plugin import ReportalPlugin

log = logging.getLogger("mkdocs.plugins.reportal")
POPULATED = ".reportal-populated"
"""Left in the staging tree by the build once it has read every page: the prefill stops."""
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content", "page_context")


def prefill_until_stopped(config_file: Path) -> int:
    """``prefill``, stopping after the current page on SIGTERM (sent by ``BuildWorkers``
    once the build is done: a page killed half-way would leave a temporary file behind)."""
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return prefill(config_file, stop)


def prefill(config_file: Path, stop: threading.Event | None = None) -> int:
    """Keep the converted pages of the issued reports of the edition ``config_file`` stages,
    last first, until the build has read every page (or ``stop`` is set); return how many
    it kept."""
    site = Path(tempfile.mkdtemp(prefix="reportal-prefill-"))
    try:  # its own site folder: nothing it runs can write into the build's
        config = load_config(config_file=str(config_file), site_dir=str(site))
        return _prefill(config, stop or threading.Event())
    except Exception as error:  # the build converts whatever is left, and reports it
        log.debug("reportal: prefill stopped: %s", error)
        return 0
    finally:
        shutil.rmtree(site, ignore_errors=True)


def why_no_prefill(config: MkDocsConfig, ours: object) -> str | None:
    """Why pages may not be converted outside the build (None: they may): another plugin or
    hook takes part in a page's conversion, and may do more than make the page."""
    foreign = foreign_handlers(config, ours, PAGE_EVENTS, RELEASE_SAFE)
    if foreign:
        return "other handlers around a page's conversion: " + ", ".join(foreign)
    return None


def mark_populated(root: Path) -> None:
    """The build's mark that every page is read (``root``: its throwaway staging tree)."""
    with contextlib.suppress(OSError):  # the prefill then simply goes on to its end
        (root / POPULATED).touch()


def _prefill(config: MkDocsConfig, stop: threading.Event) -> int:
    """As ``mkdocs.commands.build.build`` up to the navigation, then the issued pages."""
    config = config.plugins.on_config(config)
    plugin = _reportal(config)
    if plugin is None or plugin.errors is not None or plugin.page_cache.folder is None:
        return 0
    off = why_no_prefill(config, plugin)
    if off is not None:
        log.debug("reportal: no prefill: %s", off)
        return 0
    plugin.spill.close()  # each page is indexed right after its conversion: nothing to keep
    plugin.spill = PageSpill(None)
    config.plugins.on_pre_build(config=config)
    files = _files(config)
    nav = config.plugins.on_nav(get_navigation(files, config), config=config, files=files)
    populated, kept = plugin.root / POPULATED, 0
    for file in reversed(issued_pages(plugin, files)):
        if stop.is_set() or populated.exists():
            break
        kept += _convert(file, plugin, config, files, nav)
    plugin.on_build_error(error=RuntimeError("prefill: no pages are written"))
    append_stats({"edition": "prefill", "pages_prefilled": kept})
    return kept


def issued_pages(plugin: ReportalPlugin, files: Files) -> list[File]:
    """The edition's issued report pages, in the order the build converts them."""
    portal = plugin.loaded_portal
    return [
        file
        for file in files.documentation_pages()
        if (page := plugin.pages.get(file.src_uri)) is not None
        and portal.frozen(page.report) is not None
    ]


def _files(config: MkDocsConfig) -> Files:
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    return files


def _convert(
    file: File, plugin: ReportalPlugin, config: MkDocsConfig, files: Files, nav: Navigation
) -> int:
    """Convert and index one page as the build does; 1 if it was kept in the page cache."""
    page = file.page if file.page is not None else Page(None, file, config)
    _populate_page(page, config, files)
    uri = file.src_uri
    if uri not in plugin.converted:  # from the cache already, or not cacheable (links)
        return 0
    context = get_context(nav, files, config, page)
    config.plugins.on_page_context(context, page=page, config=config, nav=nav)
    page.content, page.markdown = "", ""  # kept on disk: let it go
    entries = search_entries(config)
    if entries is not None:  # kept with the page too: the index of this process is not written
        entries.clear()
    return int(uri not in plugin.converted)


def _reportal(config: MkDocsConfig) -> ReportalPlugin | None:
    from reportal.site.plugin import ReportalPlugin

    for plugin in config.plugins.values():
        if isinstance(plugin, ReportalPlugin):
            return plugin
    return None
