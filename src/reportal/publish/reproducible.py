"""Make built files byte-identical across builds of the same commit.

MkDocs honours ``SOURCE_DATE_EPOCH`` (sitemap dates, gzip mtime), but ZIP-based downloads such as
the register's ``.xlsx`` (openpyxl) carry the wall-clock time in every ZIP entry and in
``docProps/core.xml``. ``normalize_edition`` rewrites those files with the build time.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ZIP_SUFFIXES = (".xlsx", ".docx", ".pptx", ".zip")
_CORE_DATES = re.compile(
    rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:(?:created|modified)>)"
)


def normalize_edition(edition_dir: Path, epoch: int) -> None:
    """Rewrite every ZIP-based file below ``edition_dir`` with fixed times."""
    for path in sorted(edition_dir.rglob("*")):
        if path.is_file() and path.suffix.lower() in ZIP_SUFFIXES:
            data = path.read_bytes()
            fixed = normalize_zip(data, epoch)
            if fixed != data:
                path.write_bytes(fixed)


def normalize_zip(data: bytes, epoch: int) -> bytes:
    """``data`` (a ZIP) with every entry dated ``epoch`` and Office core dates set to it."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return data
    moment = datetime.fromtimestamp(max(epoch, 315532800), UTC)  # ZIP cannot date before 1980
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()
