"""mkdocs-macros adapter: ``define_env`` registers exactly ``ALLOWED_MACROS``.

Each macro reads customer and period from the page (never from arguments), asks the shared
KPI engine (each export loaded once per build, results cached per customer and period), and
returns sanitiser-safe HTML. A failing macro raises ``MacroError`` naming report, line and
macro; mkdocs-macros (``on_error_fail: true``) then fails the build with that message only.
Tables and charts are in the portal language, decided as the site plugin decides it (the
``reportal`` plugin's ``language`` option, else reportal.yml's ``language``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from reportal.kpi import charts, tables
from reportal.kpi.engine import KpiEngine, shared_engine
from reportal.kpi.registry import all_definitions, get_definition
from reportal.macros.context import MacroError, PageReport, locate_call, page_report
from reportal.macros.render import render_chart, render_table
from reportal.model.macros import ALLOWED_MACROS

Macro = Callable[..., str]


def kpi_table(engine: KpiEngine, page: PageReport, family: str, *, lang: str = "zh") -> str:
    return render_table(tables.kpi_table(engine, page.customer, page.period, family, lang))


def sla_table(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    return render_table(tables.sla_table(engine, page.customer, page.period, lang))


def trend_chart(
    engine: KpiEngine,
    page: PageReport,
    kpi: str,
    periods: int = 12,
    forecast: int = 0,
    *,
    lang: str = "zh",
) -> str:
    if get_definition(kpi) is None:
        known = [d.id for d in all_definitions()]
        close = difflib.get_close_matches(kpi, known, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (known: {', '.join(known)})"
        raise LookupError(f'unknown KPI "{kpi}"{hint}')
    chart = charts.trend_chart(
        engine, page.customer, page.period, kpi, int(periods), lang, int(forecast)
    )
    return render_chart(chart)


def satisfaction(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    return render_table(tables.satisfaction_table(engine, page.customer, page.period, lang))


def availability_table(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    return render_table(tables.availability_table(engine, page.customer, page.period, lang))


def actions_table(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    model = tables.actions_table(engine, page.customer, page.period, page.number, lang)
    return render_table(model)


def data_coverage(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    model = tables.coverage_table(engine, page.customer, page.period, page.data_gaps, lang)
    return render_table(model)


def kpi_definitions(engine: KpiEngine, page: PageReport, *, lang: str = "zh") -> str:
    return render_table(tables.definitions_table(engine, page.customer, lang))


IMPLEMENTATIONS: dict[str, Macro] = {
    "kpi_table": kpi_table,
    "sla_table": sla_table,
    "trend_chart": trend_chart,
    "satisfaction": satisfaction,
    "availability_table": availability_table,
    "actions_table": actions_table,
    "data_coverage": data_coverage,
    "kpi_definitions": kpi_definitions,
}


def define_env(env: Any) -> None:
    """mkdocs-macros entry point (macros/main.py re-exports it)."""
    _quiet_macro_errors()
    root = portal_root(env)
    for name in ALLOWED_MACROS:
        env.macro(bind(name, IMPLEMENTATIONS[name], env, root), name)


def bind(name: str, fn: Macro, env: Any, root: Path) -> Macro:
    def macro(*args: Any, **kwargs: Any) -> str:
        page = env.page
        src = page.file.src_path if getattr(page, "file", None) else "?"
        try:
            report = page_report(page.meta or {}, src)
        except ValueError as error:
            raise MacroError(f"{src}: {name}: {error}") from None
        try:
            engine = shared_engine(root)
            return fn(engine, report, *args, **kwargs, lang=portal_language(env, engine))
        except (LookupError, ValueError, TypeError) as error:
            raise macro_error(env, root, report, name, args, error, kwargs) from None

    macro.__name__ = name
    macro.__doc__ = ALLOWED_MACROS[name].description
    return macro


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


def portal_language(env: Any, engine: KpiEngine) -> str:
    """The language the site plugin gives the portal: the ``reportal`` plugin's ``language``
    option (``!ENV REPORTAL_LANGUAGE`` in the demo mkdocs.yml) wins; otherwise reportal.yml's
    ``language``; "zh" when that is neither "zh" nor "en"."""
    option = _plugin_option(env, "reportal", "language")
    return tables.language(str(option or engine.registry.settings.language))


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
