"""The KPI blocks' texts (the `block` group of model/strings.yml): every text in both languages,
alike in shape."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportal.cachedir import code_stamp, files_stamp
from reportal.kpi import block_texts, keys
from reportal.model import strings


def leaves(node: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    for key, value in node.items():
        if "zh" in value:
            yield f"{path}{key}", value
        else:
            yield from leaves(value, f"{path}{key}.")


def test_every_text_has_chinese_and_english_with_the_same_fields() -> None:
    found = [(key, texts) for part in ("headers", "table", "sources", "chart", "states", "html")
             for key, texts in leaves(block_texts.group(part), f"{part}.")]  # fmt: skip
    assert len(found) > 80
    for key, texts in found:
        assert set(texts) == {"zh", "en"}, key
        assert texts["zh"].strip() and texts["en"].strip(), key
        fields = [re.findall(r"\{[^}]*\}", texts[lang]) for lang in ("zh", "en")]
        assert fields[0] == fields[1], f"{key}: {fields}"


def test_every_table_has_headers_in_both_languages_column_for_column() -> None:
    headers = block_texts.headers()
    assert set(headers) == {
        "kpi", "sla", "satisfaction", "availability", "actions", "coverage", "definitions",
    }  # fmt: skip
    for kind, langs in headers.items():
        assert len(langs["zh"]) == len(langs["en"]) > 0, kind
    assert headers["kpi"]["en"] == ("KPI", "This period", "Previous period", "Target", "Status")


def test_a_text_key_is_a_dotted_path_to_a_leaf() -> None:
    assert block_texts.word("table.sla.title", "en") == "SLA attainment"
    with pytest.raises(KeyError):
        block_texts.texts("table.sla")


def test_a_language_the_blocks_do_not_speak_gets_chinese() -> None:
    total = block_texts.texts("table.total")
    assert block_texts.text(total, "fr") == "合计" and block_texts.text(total, "en") == "Total"


def test_an_edited_text_changes_the_engine_stamp(tmp_path: Path) -> None:
    """Live snapshots are cached under the engine stamp: a table text edited in the string
    catalogue must not be served from a cache made with the old one."""
    package = Path(block_texts.__file__).resolve().parents[1]
    copy = tmp_path / "reportal"
    for part in ("kpi", "model"):
        shutil.copytree(package / part, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
    before = files_stamp(copy, keys.ENGINE_CODE)
    assert before == code_stamp(*keys.ENGINE_CODE)  # the copy stamps like the package
    texts = copy / "model" / strings.CATALOGUE
    texts.write_text(texts.read_text("utf-8").replace("合计", "总计"), encoding="utf-8")
    assert files_stamp(copy, keys.ENGINE_CODE) != before
