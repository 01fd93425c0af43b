"""``reportal new``: start a report from its category template (never overwrites)."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import root_option

CATEGORIES = ("regular", "incident", "special")


@click.command(name="new")
@click.option("--customer", required=True, help="Customer id (a key of data/customers.yml).")
@click.option(
    "--period",
    required=True,
    help="Reporting period: YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD.",
)
@click.option(
    "--category",
    type=click.Choice(CATEGORIES),
    default="regular",
    show_default=True,
    help="regular (常规报告), incident (事件报告) or special (专题报告).",
)
@click.option("--title", default=None, help="Title (default: from data/plan.yml).")
@click.option("--number", default=None, help="Report number (default: the next free one).")
@root_option
def command(
    customer: str,
    period: str,
    category: str,
    title: str | None,
    number: str | None,
    root: Path,
) -> None:
    """Create reports/<customer>/<year>/<number>.md from the template of its category.

    The number is the next free one for the customer and period, the front matter is filled
    from the report plan (title, author, approver; status draft, prepared today), and an
    existing file is never overwritten (exit 1).
    """
    from reportal.issues import render_all
    from reportal.model.report import Category
    from reportal.site.scaffold import scaffold_report, write_report
    from reportal.validate.schedule import portal_today

    new, issues = scaffold_report(
        root, customer, period, Category(category), portal_today(), title=title, number=number
    )
    if new is not None:
        issues = write_report(root, new)
    if issues or new is None:
        click.echo(render_all(issues), err=True)
        raise SystemExit(1)
    click.echo(f"created {new.path} ({new.number}, status draft)")
    if new.note:
        click.echo(f"note: {new.note}")
    click.echo("next: write the body, preview with `mkdocs serve`, then run `reportal check`")
