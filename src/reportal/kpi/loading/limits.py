"""Size limits checked before an export is read: a file too large, or an xlsx (a zip of XML)
that would expand past what a service report's export needs (a zip bomb).

Checked from the zip directory alone, before openpyxl or pandas reads a byte of the XML.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reportal.issues import Issue

MAX_EXPORT_BYTES = 512 * 1024 * 1024  # on disk, any format
MAX_XLSX_EXPANDED_BYTES = 256 * 1024 * 1024  # all members of an xlsx, uncompressed
MAX_XLSX_RATIO = 100  # uncompressed / compressed of one member (real sheets: 5-20)
_RATIO_FLOOR = 1024 * 1024  # members smaller than this expand to nothing worth refusing
_HINT = "export a shorter period, or split the export into several files"


def check_export_limits(path: Path, rel: str, kind: str) -> Issue | None:
    """D106 when ``path`` (named ``rel``) is over a limit; D102 for an xlsx that is no zip."""
    size = path.stat().st_size
    if size > MAX_EXPORT_BYTES:
        return _issue(rel, f"the file is {_mib(size)}; the limit is {_mib(MAX_EXPORT_BYTES)}")
    return _check_xlsx(path, rel) if kind == "xlsx" else None


def _check_xlsx(path: Path, rel: str) -> Issue | None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        message = f"not an xlsx workbook (an xlsx is a zip archive): {error}"
        return Issue(rel, 1, None, "D102", message, hint="save the sheet as .xlsx again")
    total = sum(member.file_size for member in members)
    if total > MAX_XLSX_EXPANDED_BYTES:
        message = (
            f"the workbook expands to {_mib(total)} of XML; the limit is "
            f"{_mib(MAX_XLSX_EXPANDED_BYTES)}"
        )
        return _issue(rel, message)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > MAX_XLSX_RATIO:
            message = (
                f"{member.filename} expands {ratio:,.0f} times ({_mib(member.file_size)}); "
                f"a sheet expands at most {MAX_XLSX_RATIO} times: this looks like a zip bomb"
            )
            return _issue(rel, message)
    return None


def _issue(rel: str, message: str) -> Issue:
    return Issue(rel, 1, None, "D106", message, hint=_HINT)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"
