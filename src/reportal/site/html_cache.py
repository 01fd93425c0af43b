"""Written pages kept whole: a page whose template would render the same HTML as in an earlier
build is written from ``.reportal-cache/html/`` instead of rendering Material's template.

Material renders its full template (head, header, navigation, footer) into every page: about a
quarter of a build that converts nothing. What a page's template renders is a function of the
template context (``mkdocs.commands.build.get_context``) and of the theme, so a page's key holds:

- the page: its address (and canonical and edit address), title, meta, table of contents,
  content and the blocks put into it when it is written (``finish_blocks``), its neighbours
  and its ancestors in the navigation, its update date, any attribute another plugin set on
  it, and with a ``custom_dir`` its Markdown;
- the navigation: every entry's kind, title, address and nesting, each page's meta (Material
  shows a page's icon and status), the home page;
- the configuration (``config_stamp``): every setting, each plugin's settings, host paths of
  the staging tree left out (they are not in any page: ``postcheck.find_leaks``);
- the theme: Reportal's own templates (in Reportal's code stamp), Material and MkDocs (their
  versions), any other theme folder such as ``custom_dir`` by every file's bytes; with a
  ``custom_dir``, the list of documentation pages too (``pages`` in the context, which
  Material's own templates do not use);
- Reportal's code, the edition, the portal language and ``SOURCE_DATE_EPOCH``.

The cache is off for a build (``why_off``) when another plugin or hook takes part in the events
around the render (``on_env``, ``on_page_context``, ``on_post_page``; the search plugin's own
only index the page), since its part in the written page cannot be keyed; and when a theme
template shows ``build_date_utc`` (MkDocs' own themes do) without ``SOURCE_DATE_EPOCH``. A page
whose render logged anything at INFO or above is not kept (a build from the cache would not say
it again), nor a page MkDocs marks as a draft preview. ``REPORTAL_NO_PAGE_CACHE`` (every cache)
or ``REPORTAL_NO_HTML_CACHE`` (this one) turns it off.

A page is kept as written, not compressed (inflating 1,300 pages took 0.3 s of the 4 s the
cache saves), by its key, in one folder per edition and language. A finished build deletes the
entries of its folder it did not use, unless one was used in the last ten minutes (another
configuration of the same edition, such as ``mkdocs serve``'s, keeps its pages meanwhile): the
folder holds about one site's pages of that edition, plus what changed lately.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import material
import mkdocs
from jinja2 import ChoiceLoader, DictLoader, Environment, PrefixLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from reportal.cachedir import write_atomic
from reportal.site.generated_cache import LogWatch
from reportal.site.page_cache import code_stamp, toc_tokens
from reportal.site.theme import THEME_DIR

HTML_DIR = "html"
FORMAT = "reportal-html/2"
NO_HTML_CACHE = "REPORTAL_NO_HTML_CACHE"  # set (to anything): render every page's template
TEMPLATE = "reportal/cached-page.html"  # what a page from the cache renders: its kept HTML
GLOBAL = "reportal_cached_page"
SOURCE = "{{ " + GLOBAL + "() }}"  # TEMPLATE's text
KEEP_SECONDS = 600  # an entry another build used this recently is not deleted
SEARCH_PLUGINS = ("material.plugins.search.plugin", "mkdocs.contrib.search")
VERSIONED = (Path(material.__file__).resolve().parent, Path(mkdocs.__file__).resolve().parent)
EVENTS = ("env", "page_context", "post_page")
DATED = b"build_date_utc"  # in the template context: the time the build started
INERT_META = ("render_macros",)  # read by mkdocs-macros only, before the page is converted
KNOWN = frozenset(  # a page's attributes in MkDocs 1.6 (in the key by ``page_digest``, or unused)
    ("_Page__active", "_title_from_render", "abs_url", "canonical_url", "children", "content",
     "edit_url", "file", "links_to_anchors", "markdown", "meta", "next_page", "parent",
     "present_anchor_ids", "previous_page", "title", "toc", "update_date")
)  # fmt: skip
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
_FOLDER_NAME = re.compile(r"[^A-Za-z0-9_.-]")
_ABSENT = object()  # a page without a template of its own


class HtmlCache:
    """The written pages of one build: which are taken from the cache (``served``) and which
    are rendered and kept (``keys``)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: no cache
        self.keys: dict[str, str] = {}  # src_uri -> key of a page rendered now, to keep
        self.served: dict[str, str] = {}  # src_uri -> key of a page written from the cache
        self.templates: dict[str, Any] = {}  # src_uri -> its meta "template" before serving
        self.used: set[str] = set()
        self.hits = 0
        self.kept = 0
        self.watch = LogWatch()

    @classmethod
    def open(cls, cache_folder: Path | None, edition: str, language: str) -> HtmlCache:
        """The cache of ``edition`` in ``language`` under ``cache_folder`` (None: off)."""
        if cache_folder is None or os.environ.get(NO_HTML_CACHE):
            return cls(None)
        return cls(cache_folder / HTML_DIR / _FOLDER_NAME.sub("_", f"{edition}.{language}"))

    def plan(self, pages: Iterable[Page], salt: str, digest: Callable[[Page], str]) -> None:
        """Decide for every page: written from the cache (its template set to ``TEMPLATE``),
        or rendered and kept under its key (``digest``: the page's own part of the key,
        ``page_digest``)."""
        if self.folder is None:
            return
        for page in pages:
            if page.file.inclusion.is_excluded():  # a draft preview: MkDocs marks its content
                continue
            key = page_key(salt, page, digest(page))
            if self._use(key):
                self.served[page.file.src_uri] = key
                self.templates[page.file.src_uri] = page.meta.get("template", _ABSENT)
                page.meta["template"] = TEMPLATE
            else:
                self.keys[page.file.src_uri] = key

    def install(self, env: Environment) -> None:
        """Let ``env`` render ``TEMPLATE``: the page's kept HTML (rendered with the page's own
        template if the entry went away since ``plan``)."""
        folder, name = TEMPLATE.split("/")
        loader = PrefixLoader({folder: DictLoader({name: SOURCE})})
        env.loader = ChoiceLoader([env.loader, loader] if env.loader is not None else [loader])

        def render(context: Context) -> Markup:
            return self._render(context)

        env.globals[GLOBAL] = pass_context(render)

    def _render(self, context: Context) -> Markup:
        page: Page = context["page"]
        uri = page.file.src_uri
        html = self.read(self.served[uri])
        self._restore_template(page)
        if html is None:  # deleted by another build meanwhile: render it after all
            self.served.pop(uri)
            template = context.environment.get_template(page.meta.get("template", "main.html"))
            return Markup(template.render(context.get_all()))
        self.hits += 1
        return Markup(html)

    def _restore_template(self, page: Page) -> None:
        before = self.templates.pop(page.file.src_uri, _ABSENT)
        if before is _ABSENT:
            page.meta.pop("template", None)
        else:
            page.meta["template"] = before

    def is_served(self, page: Page) -> bool:
        return page.file.src_uri in self.served

    def start_render(self, page: Page) -> None:
        """Watch the log while the template of a page to keep renders."""
        if page.file.src_uri in self.keys:
            self.watch.start()

    def end_render(self, page: Page) -> None:
        """After the render: a page whose render logged something is not kept."""
        if page.file.src_uri in self.keys and self.watch.stop():
            self.keys.pop(page.file.src_uri)

    def keep(self, page: Page, output: str) -> None:
        """Keep the written ``output`` of a page rendered now."""
        key = self.keys.pop(page.file.src_uri, None)
        if key is None or self.folder is None:
            return
        write_atomic(self._path(key), output.encode("utf-8", errors="surrogatepass"))
        self.used.add(key)
        self.kept += 1

    def _use(self, key: str) -> bool:
        """Whether ``key`` is kept; if so, mark it used (by this build, and for other builds'
        prune: its time)."""
        try:
            os.utime(self._path(key))
        except OSError:
            return False
        self.used.add(key)
        return True

    def read(self, key: str) -> str | None:
        """A kept page (None: gone, unreadable or empty, as no page MkDocs writes is)."""
        try:
            html = self._path(key).read_bytes().decode("utf-8", errors="surrogatepass")
        except (OSError, UnicodeDecodeError):
            return None
        return html if html.strip() else None

    def prune(self, now: float | None = None) -> None:
        """Delete the entries this build did not use, unless one was used lately."""
        if self.folder is None:
            return
        limit = (time.time() if now is None else now) - KEEP_SECONDS
        for path in _entries(self.folder):
            if path.stem not in self.used and _mtime(path) < limit:
                path.unlink(missing_ok=True)

    def stats(self) -> dict[str, int]:
        return {"html_cached": self.hits, "html_kept": self.kept}

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}.html"


def _entries(folder: Path) -> Iterator[Path]:
    try:
        yield from folder.glob("*.html")
    except OSError:
        return


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return float("inf")


def foreign_handlers(
    config: MkDocsConfig,
    ours: object,
    events: Iterable[str] = EVENTS,
    allowed: Iterable[str] = SEARCH_PLUGINS,
) -> list[str]:
    """The handlers of other plugins and hooks in ``events`` (by default those around a page's
    render), but for the plugins of the ``allowed`` modules (by default the search plugins:
    they index the page, they do not change it)."""
    found, allowed = [], tuple(allowed)
    for event in events:
        for handler in config.plugins.events[event]:
            owner = getattr(handler, "__self__", None)
            module = type(owner).__module__ if owner is not None else ""
            if owner is not ours and module not in allowed:
                found.append(f"{event}: {getattr(handler, '__qualname__', handler)}")
    return found


def why_off(config: MkDocsConfig, ours: object) -> str | None:
    """Why no page of this build can come from the cache (None: they can)."""
    foreign = foreign_handlers(config, ours)
    if foreign:
        return "other handlers around the render: " + ", ".join(foreign)
    fixed = bool(os.environ.get("SOURCE_DATE_EPOCH"))
    if not fixed and any(_shows_build_date(folder) for folder in config.theme.dirs):
        return "the theme shows the build time (SOURCE_DATE_EPOCH fixes it)"
    return None


def site_salt(config: MkDocsConfig, nav: Navigation, files: Files, root: Path, *parts: str) -> str:
    """What every page's HTML depends on besides the page (``parts``: edition, language)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    pages = _pages_stamp(files) if config.theme.custom_dir else ""
    return _digest(
        FORMAT,
        code_stamp(),
        config_stamp(config, root),
        theme_stamp(config.theme.dirs),
        nav_stamp(nav),
        pages,
        epoch,
        *parts,
    )


def config_stamp(config: MkDocsConfig, root: Path) -> str:
    """Every setting as text: plugins by their settings, object addresses and the host paths
    of the portal (a staging tree's folder differs from build to build) left out."""
    settings = {
        key: value
        for key, value in config.items()
        if key not in ("plugins", "config_file_path", "docs_dir", "site_dir", "watch")
    }
    plugins = {
        name: _flat(getattr(plugin, "config", {})) for name, plugin in config.plugins.items()
    }
    text = _ADDRESS.sub("", repr(sorted(_flat({**settings, "plugins": plugins}).items())))
    for path in sorted({str(root.resolve()), str(root)}, key=len, reverse=True):
        text = text.replace(path, "<root>")
    return text


def theme_stamp(dirs: Iterable[str]) -> str:
    """Every theme folder's files by their bytes, except Material's and MkDocs' (their
    versions are in the code stamp) and Reportal's (its code stamp)."""
    digest = hashlib.sha256()
    for position, folder in enumerate(dirs):
        path = Path(folder).resolve()
        if path == THEME_DIR or any(path.is_relative_to(known) for known in VERSIONED):
            digest.update(f"{position}:known:{path.name}\0".encode())
            continue
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(f"{position}:{file.relative_to(path).as_posix()}\0".encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _shows_build_date(folder: str) -> bool:
    """Whether a template in ``folder`` shows ``build_date_utc`` (MkDocs' own themes do)."""
    path = Path(folder).resolve()
    if any(path.is_relative_to(known) for known in VERSIONED):
        return _package_shows_build_date(path)
    return _templates_mention(path, DATED)


@cache
def _package_shows_build_date(path: Path) -> bool:
    return _templates_mention(path, DATED)


def _templates_mention(folder: Path, word: bytes) -> bool:
    """Whether a template (``*.html``) under ``folder`` holds ``word`` (hidden folders, such as
    Material's thousands of icons, left out)."""
    for parent, subfolders, names in os.walk(folder):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if name.endswith(".html") and word in Path(parent, name).read_bytes():
                return True
    return False


def nav_stamp(nav: Navigation) -> str:
    """The navigation as every page shows it: entries, titles, addresses, nesting, meta."""
    homepage = nav.homepage.url if nav.homepage is not None else None
    return _digest(json.dumps([homepage, [_nav_item(item) for item in nav.items]], default=str))


def _nav_item(item: Any) -> list[Any]:
    if isinstance(item, Section):
        return ["section", item.title, [_nav_item(child) for child in item.children]]
    if isinstance(item, Link):
        return ["link", item.title, item.url]
    if isinstance(item, Page):
        return ["page", item.title, item.url, item.file.src_uri, _meta_text(item.meta)]
    return ["other", repr(item)]


def _pages_stamp(files: Files) -> str:
    rows = sorted(f"{file.src_uri}\0{file.url}" for file in files.documentation_pages())
    return _digest(*rows)


def page_digest(page: Page, blocks: Mapping[str, str], sources: bool = False) -> str:
    """What of a page's written HTML is the page's own, known once it is converted: address,
    meta, other attributes, table of contents, content, and ``blocks`` (placeholders and the
    blocks for them); ``sources``: its Markdown too, for templates of the portal's own (a
    ``custom_dir``), which may show it."""
    source = (page.markdown or "") if sources else ""
    return _digest(
        page.file.src_uri,
        _other_attributes(page),
        _meta_text(page.meta),
        json.dumps(toc_tokens(page), ensure_ascii=False, default=str),
        page.content or "",
        source,
        str(len(blocks)),
        *(part for placed in sorted(blocks.items()) for part in placed),
    )


def page_key(salt: str, page: Page, digest: str) -> str:
    """The key of a page's written HTML: ``salt``, the page's place in the navigation and its
    title (known once every page is converted), and its own ``page_digest``."""
    around = [
        [neighbour.url, neighbour.title] if neighbour is not None else None
        for neighbour in (page.previous_page, page.next_page)
    ]
    where = [page.url, page.canonical_url, page.abs_url, page.edit_url, page.is_homepage]
    ancestors = [getattr(section, "title", None) for section in page.ancestors]
    place = json.dumps([where, around, ancestors, page.title, page.update_date], default=str)
    return _digest(salt, place, digest)


def _other_attributes(page: Page) -> str:
    """What another plugin may have set on the page for a template to show, as text."""
    found = sorted((name, repr(value)) for name, value in vars(page).items() if name not in KNOWN)
    return _ADDRESS.sub("", repr(found))


def _meta_text(meta: Mapping[str, Any]) -> str:
    kept = {key: value for key, value in meta.items() if key not in INERT_META}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)


def _flat(settings: Any) -> Any:
    """A config (or sub-config) as plain data, sub-configs as sorted dicts."""
    if hasattr(settings, "items"):
        return {
            str(key): _flat(value)
            for key, value in sorted(settings.items(), key=lambda item: str(item[0]))
        }
    return settings


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", errors="surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
