"""`reportal kpi`: every KPI of one customer and period, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from reportal.cli.options import output_format_option, root_option
from reportal.cli.output import EXIT_ISSUES


@click.command(name="kpi")
@click.option("--customer", required=True, help="Customer id (a key of data/customers.yml).")
@click.option("--period", required=True, help="Period: 2026-10, 2026-Q3, 2026 or a date range.")
@output_format_option(
    "text: a table, one KPI a line (id, value, target, state); json: an array of KPIs {id, "
    "title, title_en, value, unit, text, issue, small_sample, numerator, denominator, target, "
    "target_text, state, breakdown}; github: the table, then one workflow annotation per KPI "
    "that has no data because of a data error. `table` is a deprecated name of text."
)
@root_option
def command(customer: str, period: str, fmt: str, root: Path) -> None:
    """Print every KPI of CUSTOMER for PERIOD, computed from the exports in data/.

    The KPIs of a source whose export has data errors are no data. Exit status: 0 clean, 1 an
    export has data errors, 2 usage error (an unknown --customer, a bad --period).
    """
    from reportal.cli.kpi_table import kpi_rows, render_rows
    from reportal.model.period import parse_period

    try:
        parsed = parse_period(period)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--period") from None
    try:
        rows, issues = kpi_rows(root, customer, parsed)
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="--customer") from None
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        click.echo(render_rows(rows))
    if fmt == "github":
        click.echo("\n".join(_annotations(rows)))
    if issues:
        click.echo(
            f"{issues} data error(s) in the exports: the KPIs of those sources are no data; "
            "run `reportal check`",
            err=True,
        )
        raise SystemExit(EXIT_ISSUES)


def _annotations(rows: list[dict[str, Any]]) -> list[str]:
    """``::error title=D110 resolution.mean_hours::…`` for each KPI a data error left empty
    (the exports' rows are annotated by `reportal check --format github`)."""
    return [
        f"::error title={row['issue']} {row['id']}::{row['id']} has no data: its export has "
        f"data errors [{row['issue']}] (run `reportal check` for the rows)"
        for row in rows
        if row.get("issue")
    ]
