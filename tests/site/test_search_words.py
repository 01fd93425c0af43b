"""Chinese segmentation for the search index, remembered: the same words as jieba's."""

from __future__ import annotations

import jieba

from reportal.site.search_words import remember_segmentation

TEXTS = ["本月服务级别达成情况良好", "首次响应及时率", "本月服务级别达成情况良好", "客户满意度"]


def test_remembered_words_are_jiebas_words() -> None:
    expected = [list(jieba.cut(text.encode("utf-8"))) for text in TEXTS]
    assert remember_segmentation()
    assert remember_segmentation()  # twice: wrapped once
    assert getattr(jieba.cut, "reportal_memo", False)
    assert [list(jieba.cut(text.encode("utf-8"))) for text in TEXTS] == expected
    assert list(jieba.cut("首次响应及时率", cut_all=True)) == list(
        jieba.Tokenizer.cut(jieba.dt, "首次响应及时率", cut_all=True)
    )  # other modes pass through
