"""Build cost of the editions: all editions against one provider build, and against plain Material.

Target (issue 4): building every edition costs at most 2.2x a single provider build. Measures,
on a copy of the portal (PDFs off, SOURCE_DATE_EPOCH fixed), the median of ``--runs`` runs of

- ``reportal build --edition provider``   (one edition, every report)
- ``reportal build --edition all``        (provider + one edition per customer)
- ``mkdocs build`` of the same Markdown with plain mkdocs-material (no reportal, no macros)

in wall-clock seconds and in CPU seconds (user + system of all child processes: the builds
run in worker processes side by side, so wall time alone would flatter them).

    .venv/bin/python bench/bench_editions.py [--root PORTAL] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TARGET = 2.2
PORTAL_PARTS = ("mkdocs.yml", "reportal.yml", "docs", "reports", "data", "macros")
PLAIN_MKDOCS = """\
site_name: plain
docs_dir: docs
theme: {name: material, language: zh, font: false}
nav: [index.md]
plugins: [search]
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details,
                      pymdownx.superfences]
"""


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of children, exit status) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        print(f"  ! exit {result.returncode}: {' '.join(command[1:4])}", file=sys.stderr)
        print("    " + "\n    ".join(result.stdout.splitlines()[-5:]), file=sys.stderr)
    return wall, cpu, result.returncode


def median_of(command: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    samples = [timed(command, cwd) for _ in range(runs)]
    status = max(s[2] for s in samples)
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        status,
    )


def copy_portal(root: Path, work: Path) -> Path:
    portal = work / "portal"
    portal.mkdir()
    for name in PORTAL_PARTS:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, portal / name)
        elif source.is_file():
            shutil.copyfile(source, portal / name)
    return portal


def plain_project(portal: Path, work: Path) -> Path:
    """The same Markdown (docs + every report) as a plain Material project."""
    plain = work / "plain"
    shutil.copytree(portal / "docs", plain / "docs")
    shutil.copytree(portal / "reports", plain / "docs" / "reports")
    (plain / "mkdocs.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    return plain


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as tmp:
        work = Path(tmp)
        portal = copy_portal(args.root.resolve(), work)
        plain = plain_project(portal, work)
        reports = len(list((portal / "reports").rglob("*.md")))
        build = [str(BIN / "reportal"), "build", "--root", str(portal), "--no-pdf", "--edition"]
        timed([*build, "provider", "--out", str(work / "warm")], portal)  # warm caches
        provider = median_of([*build, "provider", "--out", str(work / "p")], portal, args.runs)
        editions = median_of([*build, "all", "--out", str(work / "a")], portal, args.runs)
        material = median_of([str(BIN / "mkdocs"), "build", "-q"], plain, args.runs)
    print(f"portal: {args.root} ({reports} reports), median of {args.runs} runs, PDFs off")
    print(f"{'build':<34}{'wall s':>8}{'CPU s':>8}  exit")
    for name, (wall, cpu, status) in (
        ("plain mkdocs-material, same Markdown", material),
        ("reportal build --edition provider", provider),
        ("reportal build --edition all", editions),
    ):
        print(f"{name:<34}{wall:>8.2f}{cpu:>8.2f}  {status}")
    wall_ratio, cpu_ratio = editions[0] / provider[0], editions[1] / provider[1]
    print(
        f"all editions / provider: wall {wall_ratio:.2f}x, CPU {cpu_ratio:.2f}x",
        f"(target <= {TARGET}x)",
    )
    print(f"provider / plain Material: wall {provider[0] / material[0]:.2f}x, "
          f"CPU {provider[1] / material[1]:.2f}x")  # fmt: skip
    print(f"all editions / plain Material: wall {editions[0] / material[0]:.2f}x")
    return 0 if max(wall_ratio, cpu_ratio) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
