"""Checking a signed PDF: is every signature intact, does it cover the whole file, and is the
signer's certificate one the portal trusts (``signing.trust`` in reportal.yml, or ``--trust``).

``verify_pdf_signatures(pdf, trust)`` returns the signers found (for the user) and the issues:
V010 a signature that does not verify (a changed byte, a broken file, a later change outside
it), V011 a signer not trusted by the given certificates, V012 a PDF without a signature, and
the warning V013 when nothing to trust was given (only integrity was checked). No network: no
certificate is fetched, revocation is not looked up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportal.issues import Issue, Severity
from reportal.pdf.sign import quiet_pyhanko


@dataclass(frozen=True)
class Signed:
    """One signature of a PDF, as a user reads it."""

    signer: str
    signed_at: str | None
    timestamped: bool
    trusted: bool

    def describe(self) -> str:
        parts = [f"signed by {self.signer}"]
        if self.signed_at:
            parts.append(f"at {self.signed_at}")
        parts.append("time-stamped" if self.timestamped else "no time stamp")
        parts.append("trusted" if self.trusted else "not trusted")
        return ", ".join(parts)


def verify_pdf_signatures(
    pdf: Path, trust: Sequence[Path], label: str
) -> tuple[list[Signed], list[Issue]]:
    """The signatures of ``pdf`` and what is wrong with them; ``label`` names it in issues."""
    with quiet_pyhanko():
        return _verify(pdf, trust, label)


def _verify(pdf: Path, trust: Sequence[Path], label: str) -> tuple[list[Signed], list[Issue]]:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        roots = [_load_cert(path) for path in trust]
    except (OSError, ValueError) as error:
        return [], [_issue(label, "V011", f"a trusted certificate cannot be read: {error}")]
    try:
        with pdf.open("rb") as handle:
            reader = PdfFileReader(handle, strict=False)
            embedded = list(reader.embedded_signatures)
            if not embedded:
                hint = "sign it: configure `signing:` in reportal.yml and build again"
                return [], [_issue(label, "V012", "the PDF has no signature", hint)]
            results = [_check(sig, roots, label) for sig in embedded]
    except (PdfReadError, OSError, ValueError, KeyError) as error:
        return [], [_issue(label, "V010", f"the PDF cannot be read as signed: {error}")]
    signed = [s for s, _ in results if s is not None]
    issues = [issue for _, found in results for issue in found]
    if not roots and signed:
        message = "no trusted certificate was given: only the signature's integrity was checked"
        hint = "pass --trust CERT.pem, or set `signing.trust` in reportal.yml"
        issues.append(_issue(label, "V013", message, hint, Severity.WARNING))
    return signed, issues


def _check(sig: Any, roots: list[Any], label: str) -> tuple[Signed | None, list[Issue]]:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context)
    except Exception as error:  # a malformed signature is a finding
        return None, [_issue(label, "V010", f"signature {sig.field_name} is broken: {error}")]
    signer = status.signing_cert.subject.human_friendly
    stamp = status.timestamp_validity
    stamp_ok = stamp is not None and stamp.intact and stamp.valid
    found = Signed(
        signer=signer,
        signed_at=_iso(stamp.timestamp if stamp is not None and stamp_ok else None)
        or _iso(status.signer_reported_dt),
        timestamped=stamp_ok,
        trusted=bool(status.trusted),
    )
    issues: list[Issue] = []
    if stamp is not None and not stamp_ok:
        message = f"the time stamp on the signature of {signer} does not verify"
        issues.append(_issue(label, "V010", message, "restore the PDF from the archive"))
    if not status.intact or not status.valid:
        message = f"the signature of {signer} does not verify: the PDF was changed after signing"
        issues.append(_issue(label, "V010", message, "restore the PDF from the archive"))
    elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        message = f"the PDF was changed after {signer} signed it (the signature covers only part)"
        issues.append(_issue(label, "V010", message, "restore the PDF from the archive"))
    elif roots and not status.trusted:
        message = f"the signer {signer} is not trusted by the given certificates"
        hint = "check --trust / signing.trust: it must hold the provider's (root) certificate"
        issues.append(_issue(label, "V011", message, hint))
    return found, issues


def _load_cert(path: Path) -> Any:
    from pyhanko.keys import load_cert_from_pemder

    if not path.is_file():
        raise ValueError(f"{path.name} is not a file")
    return load_cert_from_pemder(str(path))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _issue(
    label: str,
    code: str,
    message: str,
    hint: str | None = None,
    severity: Severity = Severity.ERROR,
) -> Issue:
    return Issue(label, None, None, code, message, hint=hint, severity=severity)


def verify_archived_pdfs(
    tar_path: Path, manifest: dict[str, Any], trust: Sequence[Path]
) -> tuple[int, list[Issue]]:
    """Check the signature of every issued report's PDF in an archive; ``(checked, issues)``.
    Each PDF is read from the tar into a temporary file (pyHanko reads files)."""
    import tarfile
    import tempfile

    wanted = [
        str(entry["pdf"])
        for entry in manifest.get("reports") or []
        if isinstance(entry, dict)
        and entry.get("status") in ("approved", "superseded")
        and isinstance(entry.get("pdf"), str)
    ]
    issues: list[Issue] = []
    with tarfile.open(tar_path, mode="r:") as tar, tempfile.TemporaryDirectory() as tmp:
        for name in wanted:
            handle = tar.extractfile(name)
            if handle is None:
                continue
            copy = Path(tmp) / "report.pdf"
            copy.write_bytes(handle.read())
            _, found = verify_pdf_signatures(copy, trust, f"{tar_path.name}:{name}")
            issues += [issue for issue in found if issue.code != "V013"]
    return len(wanted), issues
