"""Every printed PDF is checked before it is published or cached: its text extracts (the
report number is in it), every font it uses is embedded, and its page count is plausible.

Without fonts (an empty fontconfig) Chromium printed PDFs with no font and four characters of
text, the build exited 0, and the cache kept serving them after the fonts were back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import DictionaryObject

MAX_PAGES = 2000
MIN_TEXT = 40  # characters: a report's cover alone prints several hundred
_FONT_FILES = {"/FontFile", "/FontFile2", "/FontFile3"}


def verify_pdf(path: Path, number: str) -> str | None:
    """What is wrong with the PDF at ``path`` of report ``number``; None when it is sound."""
    try:
        reader = PdfReader(path)
        pages = len(reader.pages)
        if not 1 <= pages <= MAX_PAGES:
            return f"it has {pages} pages (expected 1 to {MAX_PAGES})"
        text = "".join(page.extract_text() or "" for page in reader.pages)
        fonts = [font for page in reader.pages for font in _fonts(page)]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as error:
        return f"it cannot be read back ({error})"
    return _text_problem(text, number) or _font_problem(fonts)


def _text_problem(text: str, number: str) -> str | None:
    compact = "".join(text.split())
    if len(compact) < MIN_TEXT or number not in compact:
        return (
            f"its text layer holds {len(compact)} characters and not the report number "
            "(are the fonts missing? `fc-match 'Noto Sans CJK SC'`)"
        )
    return None


def _font_problem(fonts: list[DictionaryObject]) -> str | None:
    if not fonts:
        return "it uses no fonts (are the fonts missing? `fc-match 'Noto Sans CJK SC'`)"
    missing = sorted({str(font.get("/BaseFont", "?")) for font in fonts if not _embedded(font)})
    if missing:
        return "fonts are not embedded: " + ", ".join(missing[:5])
    return None


def _fonts(page: Any) -> list[DictionaryObject]:
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    if fonts is None:
        return []
    return [font.get_object() for font in fonts.get_object().values()]


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return "/CharProcs" in font  # glyphs drawn in the PDF itself
    descendants = font.get("/DescendantFonts")
    items = [font, *(d.get_object() for d in descendants.get_object())] if descendants else [font]
    for item in items:
        descriptor = item.get("/FontDescriptor")
        if descriptor is not None and _FONT_FILES & set(descriptor.get_object().keys()):
            return True
    return False
