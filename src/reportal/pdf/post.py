"""Post-processing of a PDF printed by Chromium: text layer, metadata, nothing active.

1. **Chinese text that extracts correctly.** Chromium (Skia) embeds Noto CJK as Type 3 fonts
   whose ``/ToUnicode`` maps each glyph to the *first* code point the font gives it. Noto CJK
   shares glyphs between radicals and ideographs, so 页, 户, 日, 行 … come out of copy/paste and
   text extraction as the radicals ⻚, ⼾, ⽇, ⾏. We rewrite every ``/ToUnicode`` CMap to the
   equivalent unified ideograph: Kangxi radicals (U+2F00–U+2FD5) by NFKC, the CJK Radicals
   Supplement by Unicode's ``EquivalentUnifiedIdeograph.txt`` (table below).
2. **Metadata**: title, author, subject (report number), creation date (issue date).
3. **Nothing active**: no ``/OpenAction``, ``/AA``, ``/JavaScript`` or ``/EmbeddedFiles``.
4. **No loopback links.** Chromium resolves every link against the page's URL, which while
   printing is the local server (``http://127.0.0.1:PORT/…``). Such a link is rewritten onto
   the portal's public address (``link_base``, from the page's canonical URL) or, when the
   portal has no ``site_url``, loses its action: the text stays, the dead link goes.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from reportal.pdf.update import append_update, previous_xref

# Equivalent_Unified_Ideograph for U+2E81..U+2EF3 (CJK Radicals Supplement), from the Unicode
# Character Database file EquivalentUnifiedIdeograph.txt (© Unicode, Inc.; Unicode terms of
# use, https://www.unicode.org/terms_of_use.html). Ranges are listed as first..last -> target.
_SUPPLEMENT = """
2E81 5382 2E82 4E5B 2E83 4E5A 2E84 4E59 2E85 4EBB 2E86 5182 2E87 20628 2E88 5200 2E89 5202
2E8A 535C 2E8B 353E 2E8C 5C0F 2E8D 5C0F 2E8E 5140 2E8F 5C23 2E90 5C22 2E91 21BC2 2E92 5DF3
2E93 5E7A 2E94 5F51 2E95 5F50 2E96 5FC4 2E97 5FC3 2E98 624C 2E99 6535 2E9B 65E1 2E9C 65E5
2E9D 6708 2E9E 6B7A 2E9F 6BCD 2EA0 6C11 2EA1 6C35 2EA2 6C3A 2EA3 706C 2EA4 722B 2EA5 722B
2EA6 4E2C 2EA7 725B 2EA8 72AD 2EA9 738B 2EAA 24D14 2EAB 76EE 2EAC 793A 2EAD 793B 2EAE 25AD7
2EAF 7CF9 2EB0 7E9F 2EB1 7F53 2EB2 7F52 2EB3 34C1 2EB4 5197 2EB5 2626B 2EB6 7F8A 2EB7 2634C
2EB8 2634B 2EB9 8002 2EBA 8080 2EBB 807F 2EBC 8089 2EBD 26951 2EBE 8279 2EBF 8279 2EC0 8279
2EC1 864E 2EC2 8864 2EC3 8980 2EC4 897F 2EC5 89C1 2EC6 89D2 2EC7 278B2 2EC8 8BA0 2EC9 8D1D
2ECA 27FB7 2ECB 8F66 2ECC 8FB6 2ECD 8FB6 2ECE 8FB6 2ECF 9091 2ED0 9485 2ED1 9577 2ED2 9578
2ED3 957F 2ED4 95E8 2ED5 28E0F 2ED6 961D 2ED7 96E8 2ED8 9752 2ED9 97E6 2EDA 9875 2EDB 98CE
2EDC 98DE 2EDD 98DF 2EDE 2967F 2EDF 98E0 2EE0 9963 2EE1 29810 2EE2 9A6C 2EE3 9AA8 2EE4 9B3C
2EE5 9C7C 2EE6 9E1F 2EE7 5364 2EE8 9EA6 2EE9 9EC4 2EEA 9EFE 2EEB 6589 2EEC 9F50 2EED 6B6F
2EEE 9F7F 2EEF 7ADC 2EF0 9F99 2EF1 9F9C 2EF2 4E80 2EF3 9F9F
"""
_PAIRS = _SUPPLEMENT.split()
RADICAL_SUPPLEMENT = {
    int(a, 16): int(b, 16) for a, b in zip(_PAIRS[::2], _PAIRS[1::2], strict=True)
}
# Where Noto CJK SC shares a glyph differently from the Unicode table. Found by printing every
# ideograph U+3400..U+9FFF in Noto Sans/Serif CJK SC through Chromium and reading it back:
# the Kangxi radical DOOR comes back for 户 (not 戶), and Ext-A 㬵 for the common 胶. The
# Chinese dash "——" (U+2014, GB/T 15834) comes back as HORIZONTAL BAR U+2015 (shared glyph).
FONT_OVERRIDES = {0x2F3E: 0x6237, 0x3B35: 0x80F6, 0x2015: 0x2014}

_HEX = r"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(r"(\d+)\s+beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"(\d+)\s+beginbfrange(.*?)endbfrange", re.S)
_ACTIVE_ROOT_KEYS = ("/OpenAction", "/AA", "/AcroForm")
_TO_UNICODE_REF = re.compile(rb"/ToUnicode\s+(\d+)\s+(\d+)\s+R")
LOOPBACK_URL = re.compile(r"^https?://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?/")
_ACTIVE_NAME_KEYS = ("/JavaScript", "/EmbeddedFiles")
_PRINT_DATE = re.compile(rb"(/(?:CreationDate|ModDate) )\(D:\d{14}[+-]\d\d'\d\d'\)")


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    issued: date | None
    link_base: str | None = None
    """Public URL of the edition's root (ends with ``/``); None when the portal has none."""


def ideograph(char: str) -> str:
    """The unified ideograph a CJK radical stands for (other characters unchanged)."""
    code = ord(char)
    if code in FONT_OVERRIDES:
        return chr(FONT_OVERRIDES[code])
    if code in RADICAL_SUPPLEMENT:
        return chr(RADICAL_SUPPLEMENT[code])
    if 0x2F00 <= code <= 0x2FDF:
        return unicodedata.normalize("NFKC", char)
    return char


def fix_to_unicode(cmap: str) -> str:
    """Rewrite a ToUnicode CMap so radicals become ideographs (ranges split where needed)."""
    extra: list[tuple[int, str, int]] = []
    cmap = _BFRANGE.sub(lambda match: _fix_ranges(match, extra), cmap)
    cmap = _BFCHAR.sub(_fix_chars, cmap)
    if extra:
        lines = "".join(f"<{code:0{width}X}> <{_utf16(text)}>\n" for code, text, width in extra)
        block = f"{len(extra)} beginbfchar\n{lines}endbfchar\n"
        cmap = cmap.replace("endcmap", block + "endcmap", 1)
    return cmap


def postprocess_pdf(source: Path, target: Path, meta: PdfMetadata) -> None:
    """Fix the text layer, set metadata, drop anything active; write ``target``.

    Chromium's output gets an incremental update (fast); anything else (another xref form,
    active content to remove, or a loopback link whose old bytes an update would keep) is
    rewritten whole with pypdf.
    """
    data = source.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    if previous_xref(data) is not None and not _has_active(reader) and not _has_loopback(reader):
        target.write_bytes(_updated(data, reader, meta))
    else:
        _rewrite(source, target, meta)


def _updated(data: bytes, reader: PdfReader, meta: PdfMetadata) -> bytes:
    """``data`` with fixed ToUnicode CMaps and a new /Info, as an incremental update."""
    data = pin_print_dates(data, meta)
    objects: dict[tuple[int, int], PdfObject] = {}
    for ref in _to_unicode_refs(data, reader):
        cmap = ref.get_object()
        if not isinstance(cmap, StreamObject):
            continue
        old = cmap.get_data()
        new = fix_to_unicode(old.decode("latin-1")).encode("latin-1")
        if new != old:
            stream = DecodedStreamObject()
            stream.set_data(new)
            objects[(ref.idnum, ref.generation)] = stream.flate_encode()
    size = int(cast(int, reader.trailer["/Size"]))
    info = DictionaryObject(
        {NameObject(key): TextStringObject(value) for key, value in _info(meta).items()}
    )
    objects[(size, 0)] = info
    trailer = DictionaryObject(
        {
            NameObject("/Size"): NumberObject(size + 1),
            NameObject("/Root"): reader.trailer.raw_get("/Root"),
            NameObject("/Info"): IndirectObject(size, 0, reader),
        }
    )
    return append_update(data, objects, trailer)


def pin_print_dates(data: bytes, meta: PdfMetadata) -> bytes:
    """Chromium's own /Info (kept in the file below the update, though no longer in use)
    holds the wall-clock print time; overwrite those dates in place, same length, with the
    issue date (a fixed date for an unissued report), so that the same page always gives the
    same bytes (reproducible editions and archives)."""
    day = meta.issued.strftime("%Y%m%d") if meta.issued is not None else "19700101"
    pinned = f"(D:{day}000000+00'00')".encode("ascii")
    return _PRINT_DATE.sub(lambda match: match[1] + pinned, data)


def _to_unicode_refs(data: bytes, reader: PdfReader) -> list[IndirectObject]:
    """The ToUnicode streams named by the file's font dictionaries, found in the raw bytes.

    Chromium writes a classic xref and no object streams, so every font dictionary is plain
    text in the file. Walking the page resources with pypdf instead parses every Type 3 glyph
    procedure (CJK fonts have hundreds) and cost about 0.6 s of CPU per report.
    """
    found = {(int(m[1]), int(m[2])) for m in _TO_UNICODE_REF.finditer(data)}
    return [IndirectObject(number, generation, reader) for number, generation in sorted(found)]


def _has_active(reader: PdfReader) -> bool:
    root = reader.trailer["/Root"].get_object()
    if not isinstance(root, DictionaryObject):
        return True  # unexpected structure: take the full rewrite
    names = root.get("/Names")
    names = names.get_object() if names is not None else DictionaryObject()
    if not isinstance(names, DictionaryObject):
        return True
    return (
        any(key in root for key in _ACTIVE_ROOT_KEYS)
        or any(key in names for key in _ACTIVE_NAME_KEYS)
        or any("/AA" in page for page in reader.pages)
    )


def _rewrite(source: Path, target: Path, meta: PdfMetadata) -> None:
    """A new file holding only the pages (and what they use): no catalog-level actions, name
    trees or attachments survive."""
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    for font in _fonts(writer.pages):
        stream = font.get("/ToUnicode")
        if stream is not None:
            cmap = stream.get_object()
            cmap.set_data(fix_to_unicode(cmap.get_data().decode("latin-1")).encode("latin-1"))
    _drop_active(writer)
    for page in writer.pages:
        annotations = page.get("/Annots")
        for item in annotations.get_object() if annotations is not None else []:
            annotation = item.get_object()
            if isinstance(annotation, DictionaryObject) and _loopback_uri(annotation):
                fixed = _public_link(annotation, meta.link_base)
                annotation.clear()
                annotation.update(fixed)
    writer.add_metadata(_info(meta))
    with target.open("wb") as out:
        writer.write(out)


def _fix_chars(match: re.Match[str]) -> str:
    body = re.sub(
        rf"{_HEX}(\s*){_HEX}",
        lambda m: f"<{m[1]}>{m[2]}<{_utf16(_map_text(_from_utf16(m[3])))}>",
        match[2],
    )
    return f"{match[1]} beginbfchar{body}endbfchar"


def _fix_ranges(match: re.Match[str], extra: list[tuple[int, str, int]]) -> str:
    kept: list[str] = []
    for line in match[2].strip().splitlines():
        parts = re.findall(_HEX, line)
        if len(parts) != 3 or "[" in line:
            kept.append(line)
            continue
        low, high, start = int(parts[0], 16), int(parts[1], 16), _from_utf16(parts[2])
        texts = [start[:-1] + chr(ord(start[-1]) + i) for i in range(high - low + 1)]
        if any(_map_text(text) != text for text in texts):
            width = len(parts[0])
            extra.extend((low + i, _map_text(text), width) for i, text in enumerate(texts))
        else:
            kept.append(line)
    if not kept:
        return ""
    return f"{len(kept)} beginbfrange\n" + "\n".join(kept) + "\nendbfrange"


def _map_text(text: str) -> str:
    return "".join(ideograph(char) for char in text)


def _from_utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _fonts(pages: Iterable[PageObject]) -> list[DictionaryObject]:
    """Every font dictionary reachable from the pages' resources (XObjects and Type 3 too)."""
    found: dict[int, DictionaryObject] = {}
    seen: set[int] = set()
    for page in pages:
        _walk_resources(page.get("/Resources"), found, seen)
    return list(found.values())


def _walk_resources(resources: Any, found: dict[int, DictionaryObject], seen: set[int]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in _entries(resources, "/Font"):
        if isinstance(font, DictionaryObject):
            found[id(font)] = font
            _walk_resources(font.get("/Resources"), found, seen)
    for xobject in _entries(resources, "/XObject"):
        if isinstance(xobject, StreamObject):
            _walk_resources(xobject.get("/Resources"), found, seen)


def _entries(resources: DictionaryObject, key: str) -> list[Any]:
    """The (resolved) values of a resource sub-dictionary such as /Font or /XObject."""
    table = resources.get(key)
    table = table.get_object() if table is not None else None
    if not isinstance(table, DictionaryObject):
        return []
    return [value.get_object() for value in table.values()]


def _drop_active(writer: PdfWriter) -> None:
    root = writer.root_object
    for key in _ACTIVE_ROOT_KEYS:
        root.pop(NameObject(key), None)
    names = root.get("/Names")
    if names is not None:
        names = names.get_object()
        for key in _ACTIVE_NAME_KEYS:
            names.pop(NameObject(key), None)
    for page in writer.pages:
        page.pop(NameObject("/AA"), None)


def public_uri(uri: str, link_base: str | None) -> str | None:
    """``uri`` moved from the local print server onto ``link_base`` (None: no public link)."""
    match = LOOPBACK_URL.match(uri)
    if match is None:
        return uri
    return link_base + uri[match.end() :] if link_base else None


def _loopback_uri(annotation: DictionaryObject) -> str | None:
    action = annotation.get("/A")
    action = action.get_object() if action is not None else None
    if not isinstance(action, DictionaryObject) or action.get("/S") != "/URI":
        return None
    uri = str(action.get("/URI", ""))
    return uri if LOOPBACK_URL.match(uri) else None


def _has_loopback(reader: PdfReader) -> bool:
    for page in reader.pages:
        annotations = page.get("/Annots")
        for item in annotations.get_object() if annotations is not None else []:
            annotation = item.get_object()
            if isinstance(annotation, DictionaryObject) and _loopback_uri(annotation):
                return True
    return False


def _public_link(annotation: DictionaryObject, link_base: str | None) -> DictionaryObject:
    """A copy of the link annotation pointing at the public portal, or with no action."""
    fixed = DictionaryObject({key: value for key, value in annotation.items() if key != "/A"})
    uri = public_uri(_loopback_uri(annotation) or "", link_base)
    if uri is not None:
        fixed[NameObject("/A")] = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject(uri),
            }
        )
    return fixed


def _info(meta: PdfMetadata) -> dict[str, str]:
    info = {
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Creator": "Reportal",
        "/Producer": "Chromium (Skia/PDF), Reportal",
    }
    if meta.issued is not None:
        stamp = f"D:{meta.issued.strftime('%Y%m%d')}000000+08'00'"
        info["/CreationDate"] = stamp
        info["/ModDate"] = stamp
    return info
