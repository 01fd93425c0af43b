"""Print fonts: the system's Noto Sans CJK SC, cut to the printed pages' characters and given
TrueType outlines, served to Chromium under the family name the stylesheets already use.

Why: Chromium's PDF backend (Skia) cannot embed Noto CJK's CFF outlines, so it writes every
glyph as a Type 3 drawing. Measured on the demo (11-page reports, one tab): printing took
0.52 s per report and made a 700 KB file. The same glyphs with quadratic (TrueType) outlines
are embedded as a subset CIDFontType2: 0.24 s and 215 KB, with the same shapes and metrics.

How: fontTools subsets Regular and Bold to the characters of the pages (entities and JSON
``\\uXXXX`` escapes in chart data decoded), keeps only the ``kern`` feature (Chinese needs no
other; the rest pulls in ~700 glyphs for other locales and vertical text), and converts the
cubic outlines with cu2qu (at most 1 unit of 1,000 off). The fonts go to the browser from
memory through the edition's print server (``URL_PREFIX``), never into the published edition.
``@font-face`` rules named "Noto Sans CJK SC" take precedence over the installed font of that
name, so text, tables and Plotly's SVG labels all use them. A character outside the subset
(the header and footer, drawn apart from the page) falls back to the installed font.

The fonts depend only on the source files and the character set, so the same pages give the
same fonts and the same PDFs; they are cached under ``<pdf cache>/fonts/``, each file named with
its own hash and checked against it when read. Without fontconfig
or Noto CJK, or when fontTools fails, printing goes on with the installed fonts (Type 3).
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

from reportal.pdf.cache import atomic_write

log = logging.getLogger("reportal.pdf")
FAMILY = "Noto Sans CJK SC"
STYLES = {400: "Regular", 700: "Bold"}  # CSS weight -> fontconfig style
URL_PREFIX = "/_reportal-print/fonts/"
LAYOUT_FEATURES = ["kern"]
MAX_ERROR = 1.0  # font units (of 1,000) the quadratic outline may stray from the cubic one
RECIPE = "reportal-print-font/2"  # bump when the fonts made from the same input change
KEEP_CACHED = 8  # font files kept in the cache (two per character set)
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ASCII = "".join(chr(code) for code in range(0x20, 0x7F))


@dataclass(frozen=True)
class FontSource:
    weight: int
    path: Path
    index: int  # the face within a .ttc collection

    def identity(self) -> str:
        stat = self.path.stat()
        return f"{self.path}:{self.index}:{stat.st_size}:{stat.st_mtime_ns}"


@dataclass(frozen=True)
class PrintFonts:
    """Font files by URL path (under ``URL_PREFIX``) and the ``@font-face`` rules naming them."""

    files: Mapping[str, bytes] = field(default_factory=dict)
    css: str = ""


def find_sources() -> list[FontSource]:
    """Noto Sans CJK SC Regular and Bold as fontconfig resolves them; [] when either is absent."""
    sources = []
    for weight, style in STYLES.items():
        try:
            answer = subprocess.run(
                ["fc-match", "--format=%{family}|%{style}|%{file}|%{index}", f"{FAMILY}:{style}"],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        families, styles, file, index = [*answer.split("|"), "", "", ""][:4]
        if FAMILY not in families.split(",") or style not in styles.split(","):
            return []
        sources.append(FontSource(weight, Path(file), int(index or 0)))
    return sources


def font_identity() -> str:
    """The installed print fonts as fontconfig resolves them (path, face, size, time), or
    "none": part of every PDF's cache key, so a PDF printed without them is never reused."""
    sources = find_sources()
    return "\n".join(source.identity() for source in sources) if sources else "fonts: none"


def page_characters(pages: Iterable[Path]) -> str:
    """Every character the pages may print, sorted: markup included (a superset is harmless),
    HTML entities and ``\\uXXXX`` escapes (Plotly's figure JSON) decoded."""
    chars = set(_ASCII)
    for page in pages:
        text = html.unescape(page.read_text(encoding="utf-8", errors="replace"))
        chars.update(_ESCAPE.sub(lambda match: chr(int(match[1], 16)), text))
    return "".join(sorted(char for char in chars if char.isprintable()))


def make_print_fonts(pages: Iterable[Path], cache_dir: Path) -> PrintFonts:
    """The print fonts for ``pages`` (from the cache when made before); empty on any failure."""
    sources = find_sources()
    if not sources:
        log.info("PDF fonts: %s not found by fontconfig; printing with installed fonts", FAMILY)
        return PrintFonts()
    try:
        chars = page_characters(pages)
        files = {
            f"{URL_PREFIX}{source.weight}.ttf": _cached_font(source, chars, cache_dir)
            for source in sources
        }
    except Exception as error:  # any failure falls back to the installed fonts
        log.warning(
            "PDF fonts: subsetting %s failed (%s); printing with installed fonts", FAMILY, error
        )
        return PrintFonts()
    return PrintFonts(files, font_face_css(files))


def font_face_css(files: Mapping[str, bytes]) -> str:
    rules = []
    for url in sorted(files):
        weight = url.removeprefix(URL_PREFIX).removesuffix(".ttf")
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; font-weight: {weight}; '
            f'src: url("{url}") format("truetype"); }}'
        )
    return "\n".join(rules) + "\n"


def subset_font(source: FontSource, chars: str) -> bytes:
    """``source`` cut to ``chars`` with quadratic outlines, as TrueType bytes."""
    # recalcTimestamp=False: keep the source's head.modified, not the time of subsetting
    font = TTFont(source.path, fontNumber=source.index, lazy=True, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = LAYOUT_FEATURES
    options.hinting = False
    options.notdef_outline = True
    options.drop_tables = [*options.drop_tables, "vhea", "vmtx", "VORG", "BASE"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in chars])
    subsetter.subset(font)
    if "CFF " in font:
        quadratic_outlines(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def quadratic_outlines(font: TTFont) -> None:
    """Replace a font's CFF table by ``glyf``/``loca`` (cubic curves approximated by cu2qu)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    metrics = font["hmtx"].metrics
    for name, glyph in glyphs.items():
        metrics[name] = (metrics[name][0], getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for name in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, name, 0)
    font["post"].formatType = 3.0  # no glyph names
    font.sfntVersion = "\x00\x01\x00\x00"


def _cached_font(source: FontSource, chars: str, cache_dir: Path) -> bytes:
    """The font from ``<cache>/fonts/<key>-<weight>-<sha256 of the file>.ttf`` when its bytes
    still have that hash; else made again (a corrupt cached font is replaced, never used)."""
    key = hashlib.sha256("\n".join([RECIPE, source.identity(), chars]).encode()).hexdigest()
    stem = f"{key[:32]}-{source.weight}"
    cached = _read_cached(cache_dir / "fonts", stem)
    if cached is not None:
        return cached
    data = subset_font(source, chars)
    path = cache_dir / "fonts" / f"{stem}-{_digest(data)}.ttf"
    try:
        atomic_write(path, data)
        _prune(path.parent)
    except OSError as error:  # a read-only cache only costs time
        log.info("PDF fonts: not cached (%s)", error)
    return data


def _read_cached(folder: Path, stem: str) -> bytes | None:
    for path in sorted(folder.glob(f"{stem}-*.ttf")):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if _digest(data) == path.stem.rpartition("-")[2]:
            path.touch()
            return data
        log.warning("PDF fonts: cached %s is corrupt (hash mismatch); making it again", path.name)
        path.unlink(missing_ok=True)
    return None


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _prune(folder: Path) -> None:
    """Keep the ``KEEP_CACHED`` most recently used fonts."""
    fonts = sorted(folder.glob("*.ttf"), key=lambda path: path.stat().st_mtime, reverse=True)
    for stale in fonts[KEEP_CACHED:]:
        stale.unlink(missing_ok=True)
