"""A text cell holding `{{` or `{%` is found by check at its row (the build refused the page
that showed it, naming the page, never the CSV row)."""

from __future__ import annotations

from pathlib import Path

from test_loading import issues_of, portal

SOURCE = (
    "dingsheng:\n  actions:\n    path: exports/dingsheng/a.csv\n"
    '    date_format: "%Y-%m-%d"\n'
    "    columns: {id: id, report: raised_in, title: title, status: status}\n"
)
ROWS = (
    "id,report,title,status\n"
    "A1,SR-DINGSHENG-2026-04-01,更换 UPS 电池,open\n"
    "A2,SR-DINGSHENG-2026-04-01,检查 {{ config.site_name }} 配置,open\n"
    "A3,SR-DINGSHENG-2026-04-01,{% include 'x' %},open\n"
    "A4,SR-DINGSHENG-2026-04-01,单个 { 花括号 },open\n"
)


def test_braces_in_a_text_cell_are_an_issue_at_their_row(tmp_path: Path, repo_root: Path) -> None:
    files = {"data/sources.yml": SOURCE, "data/exports/dingsheng/a.csv": ROWS}
    issues = issues_of(portal(tmp_path, repo_root, files))
    assert [i.split(" [")[0].split(": ")[0] for i in issues] == [
        "data/exports/dingsheng/a.csv:3",
        "data/exports/dingsheng/a.csv:4",
    ]
    assert issues[0].startswith(
        'data/exports/dingsheng/a.csv:3: title: "检查 {{ config.site_name }} 配置" holds `{{`'
    )
    assert all("[D118]" in issue for issue in issues)
