"""``mkdocs serve`` on a portal with errors: the pages list the errors (the browser used to wait
on a server that had no new site), and the next save builds the portal again."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from site_builds import MKDOCS, make_portal, report_file, report_path

NUMBER = "SR-HUAXIN-2026-10-01"
PAGE = f"/reports/huaxin/2026/{NUMBER}/"
BAD = report_file(NUMBER, approver="nobody.here")  # an unknown person: an error at its line
GOOD = report_file(NUMBER, title="华信 10 月报告")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:  # the 404 page has a body too
        return str(error.read().decode("utf-8"))


def wait_for(url: str, ready: Callable[[str], bool], seconds: float = 90) -> str:
    deadline, last = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
        except OSError:
            last = ""
        if ready(last):
            return last
        time.sleep(0.5)
    pytest.fail(f"{url} never showed what was expected; last answer:\n{last[-2000:]}")


def serve_and_save(
    config: Path, page: str, before: str, source: Path, text: str, after: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``mkdocs serve`` of ``config``: once ``page`` shows ``before``, save ``text`` into
    ``source`` and wait for ``after``; the plugin's stats rows of the first build and of the
    rebuild (``REPORTAL_STATS``)."""
    root, stats, port = config.parent, config.parent.parent / "serve.stats.jsonl", free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "REPORTAL_STATS": str(stats)}
    command = [str(MKDOCS), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        url = f"http://127.0.0.1:{port}/{page.removesuffix('index.html')}"
        wait_for(url, lambda html: before in html)
        source.write_text(text, encoding="utf-8")
        wait_for(url, lambda html: after in html)
    finally:
        process.terminate()
        process.wait(timeout=20)
    first, rebuilt = (json.loads(row) for row in stats.read_text("utf-8").splitlines()[:2])
    return first, rebuilt


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A portal whose only report has an error, under a real ``mkdocs serve``."""
    config = make_portal(tmp_path, {report_path(NUMBER): BAD})
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [str(MKDOCS), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        yield tmp_path, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def shows_errors(html: str) -> bool:
    return "门户有错误" in html


def test_serve_shows_the_errors_on_the_page_then_recovers(served: tuple[Path, str]) -> None:
    root, url = served
    for page in ("/", PAGE, "/no/such/page/"):
        html = wait_for(url + page, shows_errors)
        assert f"{report_path(NUMBER)}:" in html  # file:line
        assert "nobody.here" in html
        assert "Traceback" not in html and str(root) not in html
    (root / report_path(NUMBER)).write_text(GOOD, encoding="utf-8")  # the author saves a fix
    html = wait_for(url + PAGE, lambda text: "华信 10 月报告" in text)
    assert not shows_errors(html)
