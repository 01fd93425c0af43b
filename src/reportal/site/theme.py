"""The theme override (``main.html``) and the assets every page loads in ``<head>``.

plotly.js must be loaded once per site in ``<head>`` (through ``extra_javascript`` it arrives
after the charts try to draw). It is copied from the installed ``plotly`` package into the site.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from reportal.kpi.charts import TEMPLATE

THEME_DIR = Path(__file__).resolve().parents[1] / "theme"
PLOTLY_URI = "assets/reportal/plotly.min.js"
TEMPLATES_URI = "assets/reportal/chart-templates.js"
SCREEN_CSS = ("assets/reportal/reportal.css",)
PRINT_CSS = ("assets/reportal/print.css",)
# In this order, all `defer`: plotly.js before the charts that need it, then screen helpers.
SCRIPTS = (PLOTLY_URI, TEMPLATES_URI, "assets/reportal/charts.js", "assets/reportal/reportal.js")
GENERATED = (PLOTLY_URI, TEMPLATES_URI)


def plotly_source() -> Path:
    """The minified plotly.js shipped with the installed ``plotly`` package."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def plotly_templates_script() -> str:
    """The plotly templates report charts name (``layout.template: "plotly_white"``), once per
    site: a chart's JSON holds the name, not a 6.5 KB copy of the template."""
    import plotly.io as pio

    templates = {TEMPLATE: pio.templates[TEMPLATE].to_plotly_json()}
    text = json.dumps(templates, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.ReportalPlotlyTemplates = {text};\n"


def theme_dir_index(dirs: list[str], custom_dir: str | None) -> int:
    """Where our override goes: after the user's ``custom_dir`` (if any), before the theme."""
    if custom_dir and dirs and Path(dirs[0]) == Path(custom_dir):
        return 1
    return 0


def head_assets() -> dict[str, list[str]]:
    """Asset URIs for ``main.html``; files another stage has not written yet are left out."""

    def present(uri: str) -> bool:
        return uri in GENERATED or (THEME_DIR / uri).is_file()

    return {
        "css": [u for u in SCREEN_CSS if present(u)],
        "print_css": [u for u in PRINT_CSS if present(u)],
        "scripts": [u for u in SCRIPTS if present(u)],
    }
