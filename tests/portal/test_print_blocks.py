"""Print blocks (cover, signatures, end mark): pure HTML, every value escaped."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from factories import make_report
from reportal.model.registry import Registry
from reportal.model.report import Report, Status
from reportal.portal.print_blocks import render_print_blocks, reviewer_id
from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REPO_ROOT)[0]


def amendment(**changes: object) -> Report:
    defaults: dict[str, object] = {
        "title": "华信银行 2026 年 3 月 IT 运维服务报告（修订版）",
        "prepared": date(2026, 4, 16),
        "approved_on": date(2026, 4, 18),
        "issued": date(2026, 4, 20),
    }
    return make_report("SR-HUAXIN-2026-03-02", **{**defaults, **changes})


def text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_cover_names_provider_customer_and_report(registry: Registry) -> None:
    before, _ = render_print_blocks(amendment(), registry, "zh")
    cover = text(before)
    expected_texts = (
        "远景信息技术服务有限公司",
        "杭州市滨江区江南大道 588 号",
        "华信银行股份有限公司",
        "上海市浦东新区世纪大道 1000 号",
        "SR-HUAXIN-2026-03-02",
        "常规报告",
        "2026-04-20",
        "2026-03（2026-03-01 至 2026-03-31）",
    )
    for expected in expected_texts:
        assert expected in cover


def test_signatures_prepared_reviewed_approved(registry: Registry) -> None:
    before, _ = render_print_blocks(amendment(), registry, "zh")
    rows = re.findall(r'<tr data-role="([^"]+)">(.*?)</tr>', before)
    assert [(role, text(cells).split()) for role, cells in rows] == [
        ("编制", ["编制", "李娜", "服务报告管理员", "2026-04-16"]),
        ("审核", ["审核", "王强", "服务管理流程经理", "2026-04-18"]),
        ("批准", ["批准", "王强", "服务管理流程经理", "2026-04-18"]),
    ]


def test_each_signatory_has_room_to_sign_and_seal(registry: Registry) -> None:
    before, _ = render_print_blocks(amendment(), registry, "zh")
    assert "<th>签字（盖章）</th>" in before
    rows = re.findall(r'<tr data-role="[^"]+">(.*?)</tr>', before)
    assert len(rows) == 3
    assert all(row.endswith('<td class="reportal-signature-space"></td>') for row in rows)
    assert "Signature (seal)" in render_print_blocks(amendment(), registry, "en")[0]


def test_reviewer_is_the_approver_unless_given() -> None:
    assert reviewer_id(amendment()) == "wang.qiang"
    assert reviewer_id(amendment(approver=None)) is None


def test_draft_without_approver_shows_dashes(registry: Registry) -> None:
    draft = amendment(status=Status.DRAFT, approver=None, approved_on=None, issued=None)
    before, _ = render_print_blocks(draft, registry, "zh")
    approved_row = re.search(r'<tr data-role="批准">(.*?)</tr>', before)
    assert approved_row and text(approved_row[1]).split() == ["批准", "—", "—", "—"]
    assert "草稿" in text(before)


def test_end_block_states_supersession_then_end_mark(registry: Registry) -> None:
    report = amendment(supersedes="SR-HUAXIN-2026-03-01", amendment_reason="数据更正")
    _, after = render_print_blocks(report, registry, "zh")
    statement = "本报告替代 SR-HUAXIN-2026-03-01，原因：数据更正"
    assert statement in text(after)
    assert text(after).strip().endswith("— 以下空白 —")
    assert text(after).index(statement) < text(after).index("以下空白")
    _, plain = render_print_blocks(amendment(), registry, "zh")
    assert "本报告替代" not in plain


def test_english_labels(registry: Registry) -> None:
    report = amendment(supersedes="SR-HUAXIN-2026-03-01", amendment_reason="corrected data")
    before, after = render_print_blocks(report, registry, "en")
    assert "Approved by" in before and "Yuanjing IT Services Co., Ltd." in before
    assert "This report supersedes SR-HUAXIN-2026-03-01. Reason: corrected data" in text(after)
    assert text(after).strip().endswith("— End of report —")


def test_everything_is_escaped_and_hidden_on_screen(registry: Registry) -> None:
    report = amendment(
        title='<script>alert(1)</script>"',
        amendment_reason="<b>x</b>",
        supersedes="SR-HUAXIN-2026-03-01",
    )
    before, after = render_print_blocks(report, registry, "zh")
    assert "<script>" not in before and "&lt;script&gt;" in before
    assert "<b>" not in after
    for block in (before, after):
        assert re.match(
            r'<section class="reportal-print [^"]+" data-reportal-print="\w+"'
            r" data-search-exclude hidden>",
            block,
        )


def test_signatures_name_a_separate_reviewer_with_the_review_date(registry: Registry) -> None:
    report = amendment(reviewer="liu.yang", reviewed_on=date(2026, 4, 17))
    before, _ = render_print_blocks(report, registry, "zh")
    rows = re.findall(r'<tr data-role="([^"]+)">(.*?)</tr>', before)
    assert [(role, text(cells).split()) for role, cells in rows] == [
        ("编制", ["编制", "李娜", "服务报告管理员", "2026-04-16"]),
        ("审核", ["审核", "刘洋", "质量保证经理", "2026-04-17"]),
        ("批准", ["批准", "王强", "服务管理流程经理", "2026-04-18"]),
    ]
