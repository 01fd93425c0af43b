"""Build worker: ``python -m reportal.site.worker CONFIG...`` builds each staged mkdocs.yml.

With ``--stdin`` (``site/builder.py``'s ``BuildWorkers``, started before the parent's checks)
it first imports what a build needs, then reads the configs from standard input, one per line
(``--for=FOLDER`` only names the output folder in the process list).

Run by :mod:`reportal.site.builder` in a child process with ``PYTHONHASHSEED=0`` and
``SOURCE_DATE_EPOCH`` set, so that two builds of the same commit are byte-identical whatever the
parent's hash seed. It dies with its parent (``PR_SET_PDEATHSIG``), so a killed ``reportal build``
leaves no orphan writing into the temporary tree. On stdout it prints one JSON line per failed
config: ``{"config": path, "error": text}``; MkDocs' own warnings go to stderr. A spare worker
may instead be given a prefill (``site/prefill.py``): it prints nothing, and stops after its
current page on SIGTERM.
"""

from __future__ import annotations

import errno
import importlib
import json
import logging
import os
import pickle
import sys
import traceback
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from reportal.kpi.checks import hand_over
from reportal.site.builder import PREFILL_MODE, STDIN_FLAG
from reportal.site.prefill import prefill_until_stopped


def main(argv: list[str]) -> int:
    _setup_logging()
    if STDIN_FLAG in argv:
        _preload()
        argv = [line for line in sys.stdin.read().splitlines() if line]
    failed = 0
    for job in argv:
        config_file, portal_file, mode = [*job.split("\t"), "", ""][:3]
        if portal_file:  # written by our parent into its own private temporary folder
            hand_over(*pickle.loads(Path(portal_file).read_bytes()))
        if mode == PREFILL_MODE:  # reports nothing: the build does whatever it leaves
            prefill_until_stopped(Path(config_file))
            continue
        error = build_one(Path(config_file))
        if error is not None:
            failed += 1
            sys.stdout.write(json.dumps({"config": config_file, "error": error}) + "\n")
            sys.stdout.flush()
    return 1 if failed else 0


def _preload() -> None:
    """Import the plugins a Reportal site uses (and jieba's dictionary, and openpyxl for the
    register workbook) ahead, while the parent checks the portal; a plugin missing here is
    simply loaded (or refused) later. pandas is imported when first used (``lazy_modules.py``):
    after the parent's warming (``kpi/warm.py``), never."""
    for module in PRELOADED:
        try:
            importlib.import_module(module)
        except ImportError:
            continue
    try:  # Material's search and ours segment Chinese with it: its dictionary, loaded once
        import jieba

        jieba.initialize()
    except ImportError:
        pass


PRELOADED = (
    "reportal.site.plugin",
    "mkdocs_macros.plugin",
    "material.plugins.search.plugin",
    "openpyxl",  # the register workbook, written in every provider build
)


def build_one(config_file: Path) -> str | None:
    """Build one staged edition; return None, or a one-line reason it failed."""
    try:
        config = load_config(config_file=str(config_file))
        build(config)
    except MkDocsException as error:
        return str(error) or type(error).__name__
    except OSError as error:
        return _describe_os_error(error)
    except Exception as error:  # a plugin bug: one line here, the traceback only on request
        if os.environ.get("REPORTAL_DEBUG"):
            traceback.print_exc()
        return f"{type(error).__name__}: {error}"
    return None


def _describe_os_error(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"no space left to write the edition ({error.strerror})"
    return f"could not write the edition ({error.strerror or error})"


def _setup_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _quiet_jieba()


def _quiet_jieba() -> None:
    """Material's search segments Chinese with jieba, which logs its dictionary loading at
    DEBUG to stderr on import; keep only its warnings."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
