"""Chinese word segmentation for Material's search index, remembered per text.

Material's search plugin segments every run of Han characters of every page with ``jieba.cut``
(zero-width spaces between words, so lunr can index them). A portal repeats the same runs on
every report (section titles, table headers, KPI names, status words), and segmenting them
again was half of the search plugin's time at 1,000 reports. ``remember_segmentation`` wraps
``jieba.cut`` with a bounded memo; the words are the same, only computed once per text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

MEMO_SIZE = 20_000  # the repeated runs stay; a large portal's unique text does not pile up


def remember_segmentation() -> bool:
    """Wrap ``jieba.cut`` once per process; False when jieba is not installed."""
    try:
        import jieba
    except ImportError:
        return False
    if getattr(jieba.cut, "reportal_memo", False):
        return True
    jieba.cut = _memoized(jieba.cut)
    return True


def _memoized(cut: Callable[..., Iterable[str]]) -> Callable[..., Iterable[str]]:
    @lru_cache(maxsize=MEMO_SIZE)
    def words(sentence: str | bytes) -> tuple[str, ...]:
        return tuple(cut(sentence))

    def memo_cut(sentence: Any, *args: Any, **kwargs: Any) -> Iterable[str]:
        if args or kwargs or not isinstance(sentence, str | bytes):
            return cut(sentence, *args, **kwargs)  # other modes: as jieba does them
        return iter(words(sentence))

    memo_cut.reportal_memo = True  # type: ignore[attr-defined]
    return memo_cut
