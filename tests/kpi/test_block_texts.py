"""The KPI blocks' texts (kpi/block_texts.yml): every text in both languages, alike in shape."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportal.kpi import block_texts

SECTIONS = ("table", "sources", "chart", "states", "html")


@pytest.mark.parametrize("section", SECTIONS)
def test_every_text_has_chinese_and_english_with_the_same_fields(section: str) -> None:
    for key, texts in block_texts.section(section).items():
        assert texts["zh"].strip() and texts["en"].strip(), f"{section}.{key}"
        fields = [re.findall(r"\{[^}]*\}", texts[lang]) for lang in ("zh", "en")]
        assert fields[0] == fields[1], f"{section}.{key}: {fields}"


def test_every_table_has_headers_in_both_languages_column_for_column() -> None:
    headers = block_texts.headers()
    assert set(headers) == {
        "kpi", "sla", "satisfaction", "availability", "actions", "coverage", "definitions",
    }  # fmt: skip
    for kind, langs in headers.items():
        assert len(langs["zh"]) == len(langs["en"]) > 0, kind


def test_a_language_the_blocks_do_not_speak_gets_chinese() -> None:
    total = block_texts.section("table")["total"]
    assert block_texts.text(total, "fr") == "合计" and block_texts.text(total, "en") == "Total"


def test_an_edited_text_changes_the_engine_stamp(tmp_path: Path) -> None:
    """Live snapshots are cached under the engine stamp: a table text edited in
    block_texts.yml must not be served from a cache made with the old one."""
    package = Path(block_texts.__file__).resolve().parents[1]
    copy = tmp_path / "src" / "reportal"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = _stamp(copy.parent)
    texts = copy / "kpi" / block_texts.CATALOGUE
    texts.write_text(texts.read_text("utf-8").replace("合计", "总计"), encoding="utf-8")
    assert _stamp(copy.parent) != before


def _stamp(src: Path) -> str:
    code = "from reportal.kpi.engine import engine_stamp; print(engine_stamp())"
    env = {**os.environ, "PYTHONPATH": str(src)}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()
