"""Benchmark the KPI engine on 1,000,000 tickets (Parquet), 24 monthly periods.

Prints: load (Parquet -> canonical, typed, validated, SLA clock derived), all monthly ticket
KPIs for 24 months; the same from the on-disk cache in a fresh engine; and repeated look-ups
in the same engine (what every further page of a build pays).

    .venv/bin/python bench/bench_kpi.py [--rows 1000000] [--clock business|24x7]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from reportal.kpi.engine import KpiEngine
from reportal.model.period import parse_period

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = (
    "reportal.yml",
    "data/customers.yml",
    "data/people.yml",
    "data/plan.yml",
    "data/calendars.yml",
)
SOURCES = """\
{customer}:
  tickets:
    path: exports/{customer}/tickets.parquet
    columns: {{number: id, opened_at: opened, responded_at: first_response,
              resolved_at: resolved, closed_at: closed, priority: priority,
              reopen_count: reopen_count, reassignment_count: reassignment_count,
              pending_minutes: pending_minutes}}
"""


def make_tickets(rows: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    start = np.datetime64("2024-11-01T00:00")
    opened = start + rng.integers(0, 24 * 30 * 24 * 60, rows).astype("timedelta64[m]")
    respond = opened + rng.gamma(2.0, 15, rows).astype("timedelta64[m]")
    resolved = opened + (rng.lognormal(np.log(8 * 60), 1.0, rows)).astype("timedelta64[m]")
    resolved = np.where(rng.random(rows) < 0.02, np.datetime64("NaT"), resolved)
    return pd.DataFrame(
        {
            "number": np.char.add("INC", np.arange(rows).astype(str)),
            "opened_at": opened,
            "responded_at": respond,
            "resolved_at": resolved,
            "closed_at": resolved + np.timedelta64(2, "D"),
            "priority": rng.choice(["P1", "P2", "P3", "P4"], rows, p=[0.02, 0.1, 0.55, 0.33]),
            "reopen_count": rng.poisson(0.03, rows),
            "reassignment_count": rng.poisson(0.3, rows),
            "pending_minutes": np.where(rng.random(rows) < 0.2, rng.gamma(1.5, 90, rows), 0.0),
        }
    )


def portal(folder: Path, rows: int, customer: str) -> Path:
    for rel in REGISTRY:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, folder / rel)
    (folder / "data/sources.yml").write_text(SOURCES.format(customer=customer), encoding="utf-8")
    (folder / "data/exports" / customer).mkdir(parents=True, exist_ok=True)
    make_tickets(rows).to_parquet(folder / f"data/exports/{customer}/tickets.parquet", index=False)
    return folder


def all_months(engine: KpiEngine, customer: str) -> int:
    periods = parse_period("2026-10").previous(24)
    return sum(len(engine.results(customer, p)) for p in periods)


def timed(label: str, fn: object) -> float:
    began = time.perf_counter()
    result = fn()  # type: ignore[operator]
    seconds = time.perf_counter() - began
    print(f"{label:<58} {seconds:7.2f} s   ({result})")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clock", choices=["business", "24x7"], default="business")
    args = parser.parse_args()
    customer = "huaxin" if args.clock == "business" else "dingsheng"
    with tempfile.TemporaryDirectory() as tmp:
        root = portal(Path(tmp), args.rows, customer)
        cache = root / ".reportal-cache"
        size = (root / f"data/exports/{customer}/tickets.parquet").stat().st_size / 1e6
        print(f"{args.rows:,} tickets, Parquet {size:.1f} MB, {args.clock} SLA clock, 24 months")
        cold = KpiEngine(root, cache)
        t_load = timed(
            "cold: load + validate + derive SLA clock",
            lambda: len(cold.customer_data(customer).tables["tickets"]),
        )
        t_kpi = timed("cold: all ticket KPIs x 24 months", lambda: all_months(cold, customer))
        timed(
            "same engine again (every further page of a build)", lambda: all_months(cold, customer)
        )
        warm = KpiEngine(root, cache)
        t_wload = timed(
            "disk cache, new engine: load",
            lambda: len(warm.customer_data(customer).tables["tickets"]),
        )
        t_wkpi = timed(
            "disk cache, new engine: all KPIs x 24 months", lambda: all_months(warm, customer)
        )
        print(f"{'total cold':<58} {t_load + t_kpi:7.2f} s")
        print(f"{'total from disk cache':<58} {t_wload + t_wkpi:7.2f} s")


if __name__ == "__main__":
    main()
