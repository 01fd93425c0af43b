"""The written report pages of a static build, finished as the plugin's page hooks finish them.

A generator that runs no Reportal code writes each report page with the author content between
the body markers (``static_plan.BODY_START``/``BODY_END``) and every block as a placeholder.
Here, once the site is written: the author content is sanitised (``sanitize.py``: a hand-made
chart or a ``<script>`` is taken apart), the markers go, each placeholder is replaced by its
block, and a page that would show a host path is reported instead of published.
"""

from __future__ import annotations

from pathlib import Path

from reportal.portal.sanitize import sanitize_html
from reportal.publish.static_blocks import with_blocks
from reportal.publish.static_plan import BODY_END, BODY_START
from reportal.site.postcheck import find_leaks

TOKEN = "RPTLSTATIC{:05d}X"  # a block's placeholder while the author content is sanitised


def finish_static_site(
    site: Path, blocks: dict[str, dict[str, str]], host_paths: tuple[str, ...]
) -> list[str]:
    """Finish every report page of ``site`` (``blocks``: page URL -> placeholder -> block);
    return one problem per page that could not be finished (empty: all done)."""
    problems: list[str] = []
    for url, page_blocks in sorted(blocks.items()):
        path = site / url / "index.html"
        if not path.is_file():
            problems.append(f"{url}: the generator wrote no page")
            continue
        html = finish_page(path.read_text(encoding="utf-8"), page_blocks)
        if html is None:
            problems.append(f"{url}: the body markers are missing")
            continue
        leaks = find_leaks(html, host_paths)
        if leaks:
            problems.append(f"{url}: would show " + "; ".join(leaks))
            continue
        path.write_text(html, encoding="utf-8")
    return problems


def finish_page(html: str, blocks: dict[str, str]) -> str | None:
    """``html`` with its body sanitised and its blocks in; None without both body markers."""
    start, end = html.find(BODY_START), html.find(BODY_END)
    if start < 0 or end < start:
        return None
    tokens = {placeholder: TOKEN.format(n) for n, placeholder in enumerate(blocks)}
    body = html[start + len(BODY_START) : end]
    for placeholder, token in tokens.items():  # the sanitiser would strip data-block
        body = body.replace(placeholder, token)
    page = html[:start] + sanitize_html(body) + html[end + len(BODY_END) :]
    return with_blocks(page, {tokens[p]: block for p, block in blocks.items()} | blocks)
