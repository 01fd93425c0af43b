"""The print fonts: Noto Sans CJK SC from the system, subset and converted to TrueType outlines
with fontTools, read back with fontTools."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reportal.pdf import fonts as pdf_fonts
from reportal.pdf.fonts import (
    FAMILY,
    URL_PREFIX,
    find_sources,
    make_print_fonts,
    page_characters,
    subset_font,
)


def write_page(folder: Path, name: str, text: str) -> Path:
    page = folder / name
    page.write_text(text, encoding="utf-8")
    return page


def test_page_characters_decode_entities_and_chart_json_escapes(tmp_path: Path) -> None:
    page = write_page(
        tmp_path,
        "index.html",
        '<p>服务&amp;台</p><div data-figure="{&quot;name&quot;:&quot;\\u5b9e\\u9645&quot;}"></div>',
    )
    chars = page_characters([page])
    assert {"服", "务", "台", "&", "实", "际"} <= set(chars)
    assert "A" in chars and "z" in chars  # ASCII always: numbers and codes in any report
    assert "\n" not in chars
    assert chars == "".join(sorted(chars))


def test_system_noto_sans_cjk_sc_is_found() -> None:
    sources = find_sources()
    assert [source.weight for source in sources] == [400, 700]
    for source in sources:
        assert source.path.is_file()
        face = TTFont(source.path, fontNumber=source.index, lazy=True)
        assert face["name"].getDebugName(1) == FAMILY


def test_subset_has_truetype_outlines_for_exactly_the_characters() -> None:
    regular = find_sources()[0]
    chars = "第页共报告编号客户ABC123"
    font = TTFont(io.BytesIO(subset_font(regular, chars)))
    assert "glyf" in font and "CFF " not in font
    assert set(font.getBestCmap()) == {ord(char) for char in chars}
    drawn = font["glyf"][font.getBestCmap()[ord("报")]]
    assert drawn.numberOfContours > 0  # 报 has an outline, not an empty glyph
    # metrics survive: every ideograph is one em wide, as in the source font
    advance, _ = font["hmtx"][font.getBestCmap()[ord("页")]]
    assert advance == font["head"].unitsPerEm


def test_fonts_are_served_css_names_the_family_and_the_cache_is_reused(tmp_path: Path) -> None:
    page = write_page(tmp_path, "index.html", "<p>服务台运营报告</p>")
    cache = tmp_path / "cache"
    fonts = make_print_fonts([page], cache)
    assert sorted(fonts.files) == [f"{URL_PREFIX}400.ttf", f"{URL_PREFIX}700.ttf"]
    assert fonts.css.count(f'font-family: "{FAMILY}"') == 2
    assert "font-weight: 700" in fonts.css
    cached = sorted(cache.glob("fonts/*.ttf"))
    assert len(cached) == 2
    again = make_print_fonts([page], cache)
    assert again.files == fonts.files
    assert sorted(cache.glob("fonts/*.ttf")) == cached
    other = write_page(tmp_path, "other.html", "<p>事件报告</p>")
    make_print_fonts([other], cache)
    assert len(list(cache.glob("fonts/*.ttf"))) == 4


def test_without_the_system_font_printing_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no fc-match
    page = write_page(tmp_path, "index.html", "<p>报告</p>")
    fonts = make_print_fonts([page], tmp_path / "cache")
    assert fonts.files == {} and fonts.css == ""


def test_a_failing_subset_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> bytes:
        raise ValueError("bad font")

    monkeypatch.setattr(pdf_fonts, "subset_font", broken)
    page = write_page(tmp_path, "index.html", "<p>报告</p>")
    fonts = make_print_fonts([page], tmp_path / "cache")
    assert fonts.files == {} and fonts.css == ""


def test_a_corrupt_cached_font_is_detected_and_made_again(tmp_path: Path) -> None:
    """A damaged cached font silently fell back to Type 3 drawings in every PDF."""
    page = write_page(tmp_path, "index.html", "<p>服务台运营报告</p>")
    cache = tmp_path / "cache"
    fonts = make_print_fonts([page], cache)
    regular_bytes = fonts.files[f"{URL_PREFIX}400.ttf"]
    [regular] = [p for p in cache.glob("fonts/*.ttf") if p.read_bytes() == regular_bytes]
    data = bytearray(regular.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    regular.write_bytes(bytes(data))
    again = make_print_fonts([page], cache)
    assert again.files == fonts.files  # made again, not the damaged bytes
    assert len(list(cache.glob("fonts/*.ttf"))) == 2
    assert all(
        p.stem.rpartition("-")[2] == pdf_fonts._digest(p.read_bytes())
        for p in cache.glob("fonts/*.ttf")
    )
