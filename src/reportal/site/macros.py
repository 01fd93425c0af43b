"""mkdocs-macros adapter: ``define_env`` registers exactly the allow-listed macros
(``reportal.kpi.macro_set.MACROS``).

Each macro reads customer and period from the page (never from arguments) and renders the
block of its call: from the build's report content (``reportal.kpi.snapshots.ReportContent``,
attached by the site plugin: an issued report's frozen snapshot, else a live snapshot computed
once per build), or, with mkdocs-macros alone, from one KPI engine loaded for the build. A
failing macro raises ``MacroError`` naming report, line and macro; mkdocs-macros
(``on_error_fail: true``) then fails the build with that message only. Tables and charts are in
the portal language, decided as the site plugin decides it (``reportal.model.language``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reportal.kpi import tables
from reportal.kpi.blocks import Json
from reportal.kpi.engine import KpiEngine
from reportal.kpi.macro_set import MACROS, compute_block
from reportal.kpi.shared import shared_engine
from reportal.kpi.snapshots import ReportContent
from reportal.model import language
from reportal.portal.blocks_html import block_text, render_block
from reportal.site.macro_context import MacroError, PageReport, locate_call, page_report
from reportal.validate.registry_checks import load_registry

Macro = Callable[..., str]
Answer = Callable[[PageReport, str, tuple[Any, ...], dict[str, Any], str], Json]

_CONTENT: dict[Path, ReportContent] = {}


def attach_content(root: Path, content: ReportContent) -> None:
    """Called by the site plugin's ``on_config`` (before mkdocs-macros' ``define_env``): the
    macros of this build answer from ``content`` (snapshots computed once per build)."""
    _CONTENT[root.resolve()] = content


def define_env(env: Any) -> None:
    """mkdocs-macros entry point (macros/main.py re-exports it)."""
    _quiet_macro_errors()
    root = portal_root(env)
    answer = _answerer(root)
    for name in MACROS:
        env.macro(bind(name, env, root, answer), name)


def _answerer(root: Path) -> Answer:
    """How this build answers a macro call: from the plugin's report content, or (mkdocs-macros
    without the Reportal plugin) from one engine loaded once for this build."""
    content = _CONTENT.get(root.resolve())
    engines: list[KpiEngine] = [content.engine] if content else []

    def answer(
        page: PageReport, name: str, args: tuple[Any, ...], kwargs: dict[str, Any], lang: str
    ) -> Json:
        report = content.portal.by_path(page.path) if content else None
        if content is not None and report is not None and report.number == page.number:
            return content.block(report, name, args, kwargs, lang)
        if not engines:
            engines.append(shared_engine(root))
        return compute_block(engines[0], page, name, args, kwargs, lang)

    return answer


def bind(name: str, env: Any, root: Path, answer: Answer) -> Macro:
    def macro(*args: Any, **kwargs: Any) -> str:
        page = env.page
        src = page.file.src_path if getattr(page, "file", None) else "?"
        try:
            report = page_report(page.meta or {}, src)
        except ValueError as error:
            raise MacroError(f"{src}: {name}: {error}") from None
        try:
            block = answer(report, name, args, kwargs, portal_language(env, root))
            html = render_block(block)
        except (LookupError, ValueError, TypeError) as error:
            raise macro_error(env, root, report, name, args, error, kwargs) from None
        if root.resolve() not in _CONTENT:  # mkdocs-macros alone: nobody restores blocks
            return html
        return stash_block(src, html, block_text(block))

    macro.__name__ = name
    macro.__doc__ = MACROS[name].spec.description
    return macro


_STASHED: dict[str, dict[str, tuple[str, str]]] = {}  # page -> token -> (html, search text)
_PLACED: dict[str, dict[str, str]] = {}  # page -> placeholder -> html
BLOCK_TOKEN = "RPTLBLOCK{:05d}X"


def stash_block(page: str, html: str, text: str = "") -> str:
    """A token that stands for a block while Python-Markdown converts the page: a block's HTML
    (tables, chart JSON) is never parsed as Markdown, which was most of a report page's
    conversion cost. ``text`` is what the search index sees of it (``restore_blocks``)."""
    blocks = _STASHED.setdefault(page, {})
    token = BLOCK_TOKEN.format(len(blocks))
    blocks[token] = (html, text)
    return token


def restore_blocks(page: str, html: str) -> str:
    """``html`` (a converted page) with every block token of ``page`` replaced by a placeholder
    holding the block's plain text: what the search index reads of the page (Material's search
    parses and segments every word of a page's HTML; the blocks' markup and chart data made that
    ten times the cost of the page's own text). ``finish_blocks`` puts the blocks in."""
    for token, (block, text) in _STASHED.pop(page, {}).items():
        placeholder = place_block(page, block, text)
        html = html.replace(f"<p>{token}</p>", placeholder).replace(token, placeholder)
    return html


def place_block(page: str, html: str, text: str = "") -> str:
    """A placeholder for ``html`` in ``page``'s content until it is written: the search index
    reads only ``text`` of it (print-only blocks: nothing). ``finish_blocks`` puts it back."""
    placed = _PLACED.setdefault(page, {})
    placeholder = f'<div class="reportal-block" data-block="{len(placed)}">{text}</div>'
    placed[placeholder] = html
    return placeholder


def placed_blocks(page: str) -> dict[str, str]:
    """The placeholders of ``page`` so far and their blocks (kept with a cached page)."""
    return dict(_PLACED.get(page, {}))


def put_placed(page: str, blocks: dict[str, str]) -> None:
    """Placeholders of a page taken from the page cache, as ``place_block`` would have made."""
    _PLACED[page] = dict(blocks)


def drop_placed(page: str) -> None:
    """Forget ``page``'s placeholders (kept elsewhere until ``put_placed`` puts them back)."""
    _PLACED.pop(page, None)


def finish_blocks(page: str, output: str) -> str:
    """The written page (``on_post_page``) with each placeholder replaced by its block."""
    for placeholder, block in _PLACED.pop(page, {}).items():
        output = output.replace(placeholder, block)
    return output


def macro_error(
    env: Any,
    root: Path,
    report: PageReport,
    name: str,
    args: tuple[Any, ...],
    error: Exception,
    kwargs: Mapping[str, Any] | None = None,
) -> MacroError:
    page = env.page
    page_file = getattr(getattr(page, "file", None), "abs_src_path", None)
    markdown = getattr(env, "markdown", "") or ""
    line = locate_call(
        root / report.path,
        Path(page_file) if page_file else None,
        page.meta or {},
        markdown,
        name,
        args,
        kwargs,
    )
    where = f"{report.path}:{line}" if line else report.path
    reason = str(error).replace(str(root), ".") if str(root) != "." else str(error)
    return MacroError(f"{where}: {name}: {reason}")


def portal_language(env: Any, root: Path) -> str:
    """The language the site plugin gives the portal (``model.language``: REPORTAL_LANGUAGE,
    else the ``reportal`` plugin's ``language`` option, else reportal.yml's ``language``)."""
    option = _plugin_option(env, "reportal", "language")
    return tables.language(language.portal_language(option, _settings_language(root)))


def _settings_language(root: Path) -> str:
    content = _CONTENT.get(root.resolve())
    registry = content.portal.registry if content else load_registry(root)[0]
    return registry.settings.language


def _plugin_option(env: Any, plugin: str, option: str) -> object:
    """``option`` of ``plugin`` in mkdocs.yml (None when the plugin or the option is absent)."""
    conf = getattr(env, "conf", None)
    plugins = conf.get("plugins") if isinstance(conf, Mapping) else None
    config = getattr(plugins.get(plugin), "config", None) if isinstance(plugins, Mapping) else None
    return config.get(option) if isinstance(config, Mapping) else None


def portal_root(env: Any) -> Path:
    config_file = env.conf.get("config_file_path") if hasattr(env, "conf") else None
    if config_file:
        return Path(config_file).resolve().parent
    return Path(env.conf["docs_dir"]).resolve().parent


def _quiet_macro_errors() -> None:
    """Make mkdocs-macros log a MacroError as its message alone (no traceback)."""
    try:
        from mkdocs_macros.errors import format_error
    except ImportError:  # pragma: no cover - mkdocs-macros is a dependency
        return

    @format_error.register
    def _format(error: MacroError, markdown: str, page: Any) -> str:
        return f"Reportal macro error: {error}"
