"""`reportal verify FILE`: recompute an archived edition and name every difference, or check
the signatures of a signed report PDF."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option
from reportal.cli.output import echo_issues, note
from reportal.issues import Issue, has_errors


@click.command(name="verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--trust",
    "trust",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A certificate (PEM/DER) trusted for PDF signers; repeatable (default: signing.trust "
    "or signing.certificate of reportal.yml under --root).",
)
@click.option(
    "--allowed-signers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="ssh-keygen allowed-signers file for a signed manifest (default: "
    "manifest_signing.allowed_signers of reportal.yml under --root).",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path(),
    show_default=True,
    help="Portal folder whose reportal.yml names what to trust.",
)
@format_option
def command(
    archive: Path, trust: tuple[Path, ...], allowed_signers: Path | None, root: Path, fmt: str
) -> None:
    """Verify ARCHIVE (<version>.tar or its <version>.manifest.json) against its manifest, or
    the signatures of a report PDF (FILE.pdf).

    An archive: names each changed, missing or extra file, rejects manifest entries with `..`
    or absolute paths, checks the manifest's signature (<version>.manifest.json.sig) when there
    is one, and with a trusted certificate (--trust or signing: in reportal.yml) the signature of
    every issued report's PDF. A PDF: checks that every signature is intact and covers the
    whole file, and that the signer's certificate is trusted; prints the signer. Exit status:
    0 intact, 1 findings, 2 usage error (ARCHIVE does not exist).
    """
    if archive.suffix.lower() == ".pdf":
        _verify_pdf(archive, trust, root, fmt)
        return
    from reportal.archive.verify import verify_archive

    issues = verify_archive(archive)
    signer, found = _manifest_signature(archive, allowed_signers, root)
    issues += found
    anchors = trust or _configured_trust(root)
    checked = 0
    if anchors and not has_errors(issues):  # the PDFs' signatures, where trust is configured
        checked, found = _archived_pdfs(archive, anchors)
        issues += found
    _finish(issues, fmt, archive.name)
    if signer:
        note(f"✓ {archive.name}: manifest signed by {signer}", fmt)
    if checked:
        note(f"✓ {archive.name}: {checked} issued report PDF signature(s) trusted", fmt)
    note(f"✓ {archive.name}: every file matches its manifest", fmt)


def _verify_pdf(pdf: Path, trust: tuple[Path, ...], root: Path, fmt: str) -> None:
    from reportal.pdf.signature import verify_pdf_signatures

    anchors = trust or _configured_trust(root)
    signed, issues = verify_pdf_signatures(pdf, anchors, pdf.name)
    _finish(issues, fmt, pdf.name)
    for signature in signed:
        note(f"✓ {pdf.name}: {signature.describe()}", fmt)


def _archived_pdfs(archive: Path, anchors: tuple[Path, ...]) -> tuple[int, list[Issue]]:
    from reportal.archive.manifest import MANIFEST_SUFFIX_JSON, load_manifest, manifest_path_of
    from reportal.pdf.signature import verify_archived_pdfs

    if archive.name.endswith(MANIFEST_SUFFIX_JSON):
        tar = archive.with_name(archive.name.removesuffix(MANIFEST_SUFFIX_JSON) + ".tar")
        manifest = load_manifest(archive)
    else:
        tar, manifest = archive, load_manifest(manifest_path_of(archive))
    return verify_archived_pdfs(tar, manifest or {}, anchors)


def _configured_trust(root: Path) -> tuple[Path, ...]:
    from reportal.pdf.sign import signing_config
    from reportal.validate.registry_checks import load_registry

    if not (root / "reportal.yml").is_file():
        return ()
    registry, _ = load_registry(root)
    config = signing_config(root, registry.settings.signing)
    return config.trust_anchors if config is not None else ()


def _manifest_signature(
    archive: Path, allowed_signers: Path | None, root: Path
) -> tuple[str | None, list[Issue]]:
    from reportal.archive.manifest_sign import verify_manifest_signature

    return verify_manifest_signature(archive, allowed_signers, root)


def _finish(issues: list[Issue], fmt: str, name: str) -> None:
    echo_issues(issues, fmt)
    if has_errors(issues):
        count = sum(issue.is_error for issue in issues)
        click.echo(f"✗ {count} finding(s) in {name}", err=True)
        raise SystemExit(1)
