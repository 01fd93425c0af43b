"""Signed PDFs: an issued report's PDF carries the provider's PAdES signature (pyHanko).

``reportal.yml`` names the key::

    signing:
      key: /run/secrets/provider-key.pem        # PEM or DER private key (relative: to the portal)
      certificate: /run/secrets/provider-cert.pem
      chain: [/run/secrets/issuing-ca.pem]      # intermediates to embed (optional)
      passphrase_env: REPORTAL_SIGNING_PASSPHRASE  # the key's passphrase, from this variable
      tsa_url: https://tsa.example/tsr          # RFC 3161 time stamp on every signature (optional)
      trust: [/etc/reportal/root.pem]           # `reportal verify` trusts it (default: certificate)
      reason: 批准签发
      location: 杭州

or a PKCS#11 token instead of ``key``/``certificate`` (``pkcs11: {module, token, key_label,
cert_label, pin_env}``; needs the ``python-pkcs11`` package; not tested here). Only the PDFs of
issued (approved or superseded) reports are signed, after post-processing and after the PDF cache
(which keeps unsigned PDFs): the signature is the last change to the file, appended as an
incremental update. Without ``signing:`` the PDFs stay unsigned and the build says so once.

Every path is read at build time; a key that cannot be read, a wrong passphrase or an unreachable
time-stamp authority is an issue (PDF011) and nothing is published.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportal.issues import Issue
from reportal.model.report import Report
from reportal.pdf.cache import publish

SIGNING_CODE = "PDF011"
FIELD_NAME = "ReportalSignature"


@dataclass(frozen=True)
class SigningConfig:
    """``signing:`` of reportal.yml, paths resolved against the portal."""

    key: Path | None = None
    certificate: Path | None = None
    chain: tuple[Path, ...] = ()
    passphrase_env: str | None = None
    pkcs11: Mapping[str, Any] | None = None
    tsa_url: str | None = None
    trust: tuple[Path, ...] = ()
    reason: str | None = None
    location: str | None = None

    @property
    def trust_anchors(self) -> tuple[Path, ...]:
        """What verification trusts: ``trust``, else the signing certificate itself."""
        if self.trust:
            return self.trust
        return (self.certificate,) if self.certificate is not None else ()


@dataclass(frozen=True)
class SignJob:
    number: str
    source: str  # repo-relative report path (where issues point)
    target: Path  # the PDF inside the edition


class SigningError(Exception):
    """The signer could not be set up or a PDF could not be signed (message for the user)."""


def signing_config(root: Path, raw: Mapping[str, Any] | None) -> SigningConfig | None:
    """The signing settings (None: PDFs are not signed)."""
    if not raw:
        return None

    def path(value: Any) -> Path | None:
        if not isinstance(value, str) or not value:
            return None
        expanded = Path(os.path.expandvars(value)).expanduser()
        return expanded if expanded.is_absolute() else root / expanded

    def paths(value: Any) -> tuple[Path, ...]:
        items = value if isinstance(value, list) else [value]
        return tuple(p for p in (path(item) for item in items) if p is not None)

    pkcs11 = raw.get("pkcs11")
    return SigningConfig(
        key=path(raw.get("key")),
        certificate=path(raw.get("certificate")),
        chain=paths(raw.get("chain", [])),
        passphrase_env=_text(raw.get("passphrase_env")),
        pkcs11=pkcs11 if isinstance(pkcs11, Mapping) else None,
        tsa_url=_text(raw.get("tsa_url")),
        trust=paths(raw.get("trust", [])),
        reason=_text(raw.get("reason")),
        location=_text(raw.get("location")),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def load_signer(config: SigningConfig) -> Any:
    """A pyHanko signer for ``config``; raises SigningError with a message for the user."""
    if config.pkcs11 is not None:
        return _pkcs11_signer(config.pkcs11)
    if config.key is None or config.certificate is None:
        raise SigningError("signing: needs `key` and `certificate` (or `pkcs11`)")
    for label, file in (("key", config.key), ("certificate", config.certificate)):
        if not file.is_file():
            raise SigningError(f"signing: the {label} file {file.name} cannot be read")
    passphrase = _passphrase(config.passphrase_env)
    signers = _pyhanko_signers()
    with quiet_pyhanko():
        signer = signers.SimpleSigner.load(
            str(config.key),
            str(config.certificate),
            ca_chain_files=tuple(str(p) for p in config.chain) or None,
            key_passphrase=passphrase,
        )
    if signer is None:  # pyHanko logs why and returns None (wrong passphrase, bad PEM)
        raise SigningError(
            f"signing: the key {config.key.name} or certificate {config.certificate.name} "
            "could not be loaded (wrong passphrase, or not a PEM/DER key and certificate)"
        )
    return signer


def _passphrase(variable: str | None) -> bytes | None:
    if variable is None:
        return None
    value = os.environ.get(variable)
    if value is None:
        raise SigningError(f"signing: the passphrase variable {variable} is not set")
    return value.encode("utf-8")


def _pkcs11_signer(settings: Mapping[str, Any]) -> Any:
    """A signer on a PKCS#11 token (HSM, USB key). Untested in Reportal's own test suite."""
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as sign_pkcs11
    except ImportError as error:  # python-pkcs11 is not installed
        raise SigningError(f"signing: PKCS#11 needs the python-pkcs11 package ({error})") from None
    pin_env = settings.get("pin_env")
    pin = os.environ.get(pin_env) if isinstance(pin_env, str) else None
    token = settings.get("token")
    try:
        session = sign_pkcs11.open_pkcs11_session(
            str(settings.get("module", "")),
            token_criteria=TokenCriteria(label=token) if isinstance(token, str) else None,
            user_pin=pin,
        )
    except Exception as error:  # any token error is the user's to see
        raise SigningError(f"signing: the PKCS#11 token could not be opened ({error})") from None
    return sign_pkcs11.PKCS11Signer(
        session, cert_label=settings.get("cert_label"), key_label=settings.get("key_label")
    )


@contextlib.contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a traceback for a wrong passphrase or an untrusted signer, and importing
    it warns about DSA: Reportal reports those as issues, so the user sees no traceback."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _pyhanko_signers() -> Any:
    with quiet_pyhanko():
        from pyhanko.sign import signers
    return signers


def sign_pdf(path: Path, signer: Any, config: SigningConfig) -> None:
    """Sign the PDF at ``path`` in place (PAdES baseline, SHA-256, a time stamp when
    ``tsa_url`` is set): written beside it, then renamed over it."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, timestamps

    signers = _pyhanko_signers()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=config.reason,
        location=config.location,
    )
    stamper = timestamps.HTTPTimeStamper(config.tsa_url) if config.tsa_url else None
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".sig", dir=path.parent)
    try:
        with quiet_pyhanko(), os.fdopen(handle, "wb") as out, path.open("rb") as source:
            writer = IncrementalPdfFileWriter(source, strict=False)
            pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=stamper)
            pdf_signer.sign_pdf(writer, output=out)
        publish(Path(temp), path)  # 0644 like the rest of the site, not mkstemp's 0600
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sign_pdfs(jobs: Sequence[SignJob], config: SigningConfig) -> tuple[int, list[Issue]]:
    """Sign every job's PDF that exists; ``(signed, issues)``. The signer is set up once."""
    present = [job for job in jobs if job.target.is_file()]
    if not present:
        return 0, []
    try:
        signer = load_signer(config)
    except SigningError as error:
        return 0, [_issue(present[0], str(error), "fix `signing:` in reportal.yml")]
    issues: list[Issue] = []
    signed = 0
    for job in present:
        try:
            sign_pdf(job.target, signer, config)
            signed += 1
        except Exception as error:  # pyHanko, TSA and I/O errors alike
            job.target.unlink(missing_ok=True)  # never publish it unsigned by accident
            message = f"the PDF of {job.number} could not be signed: {_reason(error)}"
            issues.append(_issue(job, message, "check the key, the certificate and tsa_url"))
    return signed, issues


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _issue(job: SignJob, message: str, hint: str) -> Issue:
    return Issue(job.source, None, None, SIGNING_CODE, message, hint=hint)


def sign_jobs(edition_dir: Path, reports: Sequence[Report]) -> list[SignJob]:
    """One job per issued report of an edition: its PDF beside its page."""
    from reportal.pdf.edition import report_page

    jobs = []
    for report in reports:
        if report.status.is_issued:
            folder = (edition_dir / report_page(report)).parent
            jobs.append(SignJob(report.number, report.path, folder / f"{report.number}.pdf"))
    return jobs
