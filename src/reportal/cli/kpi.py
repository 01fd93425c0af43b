"""`reportal kpi`: every KPI of one customer and period, as a table or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reportal.cli.options import root_option


@click.command(name="kpi")
@click.option("--customer", required=True, help="Customer id (a key of data/customers.yml).")
@click.option("--period", required=True, help="Period: 2026-10, 2026-Q3, 2026 or a date range.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@root_option
def command(customer: str, period: str, fmt: str, root: Path) -> None:
    """Print every KPI of CUSTOMER for PERIOD, computed from the exports in data/.

    Exits 1 when an export has data errors; the KPIs of that source are then no data."""
    from reportal.kpi.report import kpi_rows, render_rows
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
    if issues:
        click.echo(
            f"{issues} data error(s) in the exports: the KPIs of those sources are no data; "
            "run `reportal check`",
            err=True,
        )
        raise SystemExit(1)
