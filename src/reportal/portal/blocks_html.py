"""Table models and charts -> HTML that survives the report sanitiser unchanged.

States are shown with an icon and a text label, never by colour alone; ``data-state`` lets the
theme colour them. Charts carry their plotly JSON in ``data-figure`` (no inline script) and a
data table in ``<details>`` as the accessible fallback. Escaping matches what the sanitiser
(nh3/html5ever) writes, so sanitising our own HTML is a no-op. Labels are in the table's
language (``TableModel.lang``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from reportal.kpi import block_texts
from reportal.kpi.block_texts import text
from reportal.kpi.blocks import table_model
from reportal.kpi.charts import Chart
from reportal.kpi.definition_set import Text
from reportal.kpi.tables import Row, TableModel
from reportal.kpi.targets import CRITICAL, MET, NO_DATA, NO_TARGET, WARNING
from reportal.portal.escape import escape_attribute, escape_text

Json = dict[str, Any]

ICONS = {MET: "✓", WARNING: "⚠", CRITICAL: "✗", NO_TARGET: "–", NO_DATA: "?"}
STATE_LABELS: dict[str, tuple[str, Text]] = {
    state: (icon, block_texts.texts(f"states.{state}")) for state, icon in ICONS.items()
}
# The KPI family each fixed table shows (data-kpi on its wrapper): the PDF prints the
# definitions of the KPIs a report shows, found by their ids or families on the page.
TABLE_FAMILIES = {
    "sla": "sla",
    "satisfaction": "csat",
    "availability": "availability",
    "actions": "actions",
}


# A cell that must not break inside: dates, ids, numbers with a unit, status words. Wrapping
# "2026-09-06" after its hyphen or "未关闭" between its characters reads as two values.
NOBREAK_CLASS = "reportal-nobreak"
_MAX_NOBREAK = 24  # a token without spaces (ids, dates, report numbers)
_MAX_SHORT = 8  # any short text ("28.7 小时", "≤ 3.0%", "未关闭")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def is_atomic(cell: str) -> bool:
    """Whether a cell's text is one value that reads wrong when broken across lines."""
    stripped = cell.strip()
    if len(stripped) <= _MAX_SHORT:
        return True
    return len(stripped) <= _MAX_NOBREAK and " " not in stripped and not _CJK.search(stripped)


def render_table(table: TableModel, caption: bool = True) -> str:
    # cells are separated by a space: search indexes the text, and "现场回访 28 4.25 分" must
    # not become "现场回访284.25 分"
    head = " ".join(f'<th scope="col">{escape_text(h)}</th>' for h in _headers(table))
    body = "".join(_render_row(row, table.has_state, table.lang) for row in table.rows)
    kind = escape_attribute(table.kind)
    parts = [f'<div class="reportal-kpi reportal-kpi-{kind}"{_family_attribute(table.kind)}>']
    parts.append("<table>")
    if caption:
        parts.append(f"<caption>{escape_text(table.title)}</caption>")
    parts += [f"<thead><tr>{head}</tr></thead>", f"<tbody>{body}</tbody>", "</table>"]
    if table.note:
        parts.append(f'<p class="reportal-kpi-note">{escape_text(table.note)}</p>')
    if table.kind == "definitions":
        note = escape_text(block_texts.word("html.definitions_print", table.lang))
        parts.append(f'<p class="reportal-print-only reportal-kpi-note">{note}</p>')
    parts.append("</div>")
    return "".join(parts)


def _family_attribute(kind: str) -> str:
    family = kind.removeprefix("kpi-") if kind.startswith("kpi-") else TABLE_FAMILIES.get(kind)
    return f' data-kpi="{escape_attribute(family)}"' if family else ""


def _headers(table: TableModel) -> tuple[str, ...]:
    state = block_texts.word("html.state", table.lang)
    if table.has_state and (not table.headers or table.headers[-1] != state):
        return (*table.headers, state)
    return table.headers


def _render_row(row: Row, has_state: bool, lang: str = "zh") -> str:
    key = f' data-kpi="{escape_attribute(row.key)}"' if row.key else ""
    state = f' data-state="{escape_attribute(row.state)}"' if has_state and row.state else ""
    cells = " ".join(_render_cell(cell, row.key) for cell in row.cells)
    if has_state:
        cells += " " + render_state(row, lang)
    return f"<tr{key}{state}>{cells}</tr>"


def _render_cell(cell: str, key: str | None) -> str:
    if is_atomic(cell):
        return f'<td class="{NOBREAK_CLASS}">{escape_text(cell)}</td>'
    text_html = escape_text(cell)
    if key and key in cell:  # a KPI id inside a title: "新建工单数（tickets.opened）"
        kept = f'<span class="{NOBREAK_CLASS}">{escape_text(key)}</span>'
        text_html = text_html.replace(escape_text(key), kept, 1)
    return f"<td>{text_html}</td>"


def render_state(row: Row, lang: str = "zh") -> str:
    state = row.state or NO_TARGET
    icon, labels = STATE_LABELS.get(state, ("", {"zh": state}))
    label = row.label or text(labels, lang)
    if row.severe:
        label += block_texts.word("html.severe", lang)
    return (
        f'<td class="reportal-state" data-state="{escape_attribute(state)}">'
        f'<span aria-hidden="true">{escape_text(icon)}</span> {escape_text(label)}</td>'
    )


def render_block(block: Json) -> str:
    """A macro block (``reportal.kpi.blocks``: live or from a frozen snapshot) as HTML."""
    if block.get("type") == "chart":
        table = table_model(block["table"])
        figure, title, description = block["figure"], block["title"], block["description"]
        return render_figure(figure, title, description, table, str(block.get("kpi") or ""))
    return render_table(table_model(block))


UNSEARCHED_KINDS = ("definitions",)


def block_text(block: Json) -> str:
    """A block's words for the search index: title, then each row's cells apart (a chart: its
    title and description). Plain text, escaped."""
    if block.get("type") == "chart":
        words = [str(block.get("title", "")), str(block.get("description", ""))]
    elif block.get("kind") in UNSEARCHED_KINDS:
        return ""  # the same text on every report; the KPI definitions page is indexed
    else:
        words = [str(block.get("title", ""))]
        words += [" ".join(str(cell) for cell in row["cells"]) for row in block.get("rows", [])]
        words.append(str(block.get("note", "")))
    return escape_text(" ".join(w for w in words if w))


def _kpi_attribute(kpi: str) -> str:
    return f' data-kpi="{escape_attribute(kpi)}"' if kpi else ""


def render_chart(chart: Chart) -> str:
    return render_figure(chart.figure, chart.title, chart.description, chart.table, chart.kpi)


def render_figure(
    figure: Json, title: str, description: str, table: TableModel, kpi: str = ""
) -> str:
    summary = escape_text(block_texts.word("html.data_table", table.lang))
    return (
        f'<figure class="reportal-figure"{_kpi_attribute(kpi)}>'
        + chart_element(figure, description)
        + f"<figcaption>{escape_text(title)}</figcaption>"
        + f"<details><summary>{summary}</summary>{render_table(table, caption=False)}</details>"
        + "</figure>"
    )


def chart_element(figure: Json, label: str) -> str:
    """The one chart element of every page, report or generated: ``charts.js`` draws each
    ``.reportal-chart`` from its ``data-figure``.

    ``role="img"`` with ``label`` as its name (WAI-ARIA): a chart is one picture whose numbers
    are in the data table beside it, and an img's children are presentational, so a screen
    reader announces the label instead of plotly's tick and legend text. ``role="figure"`` (the
    generated pages' old role) names a section and exposes its contents; the ``<figure>`` around
    a report chart, or the heading above a dashboard chart, already is that section. Once drawn
    with controls, ``charts.js`` makes the element a labelled group (an img may hold none)."""
    # keys sorted: a frozen figure reads back sorted; layout.template stays a name (charts.js
    # takes the template from assets/reportal/chart-templates.js, once per site)
    figure_json = json.dumps(figure, ensure_ascii=False, sort_keys=True)
    return (
        f'<div class="reportal-chart" data-figure="{escape_attribute(figure_json)}" role="img" '
        f'aria-label="{escape_attribute(label)}"></div>'
    )
