"""Build one edition of a portal with Zensical instead of MkDocs (experiment; docs/dev/zensical.md).

Stages the edition as `reportal build` does, writes what the `reportal` plugin would add into
the staged docs folder (`reportal.publish.static_plan`), runs `zensical build` on it and prints the
build time. Zensical is not a Reportal dependency: install it in a venv of its own together
with Reportal (`pip install zensical -e .`) and run this script with that venv's Python, or
point `ZENSICAL` at its `zensical` command.

Usage: python scripts/zensical_build.py [--root .] [--edition provider] [--language zh] OUT
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportal.cachedir import cache_dir
from reportal.issues import has_errors, render_text
from reportal.kpi.checks import check_all
from reportal.model.language import LANGUAGE_ENV
from reportal.portal.editions import resolve_editions
from reportal.publish.atomic import default_epoch
from reportal.publish.static_finish import finish_static_site
from reportal.publish.static_plan import edition_language, stage_static, zensical_command
from reportal.site.builder import build_env
from reportal.site.postcheck import host_paths


def build(root: Path, edition_id: str, language: str | None, out: Path) -> int:
    command = zensical_command()
    if command is None:
        print("zensical is not installed (pip install zensical, or set ZENSICAL)")
        return 2
    if language:  # as `reportal build --language`: staging writes customer homes in it
        os.environ[LANGUAGE_ENV] = language
    portal = check_all(root)
    editions, issues = resolve_editions(portal, edition_id)
    for issue in [*portal.issues, *issues]:
        print(render_text(issue))
    if has_errors([*portal.issues, *issues]):
        return 1
    epoch = default_epoch(root)
    os.environ.update(build_env(epoch, cache_dir(root)))  # as `reportal build`'s workers get
    with tempfile.TemporaryDirectory(prefix="reportal-zensical-") as work:
        stage = Path(work) / editions[0].id
        started = time.monotonic()
        project = stage_static(portal, editions[0], stage, edition_language(portal, language))
        print(f"staged and planned in {time.monotonic() - started:.1f} s")
        if run_zensical(command, project.config_file, dict(os.environ)) != 0:
            return 1
        problems = finish_static_site(project.site_dir, project.plan.blocks, host_paths(root))
        print("\n".join(problems) or f"finished {len(project.plan.blocks)} report pages")
        if problems:
            return 1
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(project.site_dir, out)
    return 0


def run_zensical(command: list[str], config: Path, env: dict[str, str]) -> int:
    started = time.monotonic()
    done = subprocess.run(
        [*command, "build", "-f", config.name], cwd=config.parent, env=env, check=False
    )
    print(f"zensical build: exit {done.returncode}, {time.monotonic() - started:.1f} s")
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=Path())
    parser.add_argument("--edition", default="provider")
    parser.add_argument("--language", choices=("zh", "en"))
    args = parser.parse_args()
    return build(args.root, args.edition, args.language, args.out)


if __name__ == "__main__":
    sys.exit(main())
