"""Signed archive manifests: ``ssh-keygen -Y sign -n reportal-manifest`` with a throwaway
ed25519 key made in the test, checked against an allowed-signers file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reportal.archive.manifest_sign import (
    sign_manifest,
    signature_path,
    verify_manifest_signature,
)

IDENTITY = "archive@yuanjing.example"


def make_key(folder: Path, name: str) -> tuple[Path, str]:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
                   check=True, capture_output=True)  # fmt: skip
    return key, key.with_suffix(".pub").read_text("utf-8").strip()


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Path]:
    """(manifest, allowed-signers file), the manifest signed."""
    _, public = make_key(tmp_path, "archive_ed25519")
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'{IDENTITY} namespaces="reportal-manifest" {public}\n', "utf-8")
    manifest = tmp_path / "v1.manifest.json"
    manifest.write_text('{"format": "reportal-archive/1", "edition": "华信"}\n', "utf-8")
    settings = {"key": "archive_ed25519", "identity": IDENTITY}
    assert sign_manifest(manifest, settings, tmp_path) is None
    assert signature_path(manifest).read_text("utf-8").startswith("-----BEGIN SSH SIGNATURE")
    return manifest, allowed


def test_a_signed_manifest_verifies_and_names_its_signer(signed: tuple[Path, Path]) -> None:
    manifest, allowed = signed
    assert verify_manifest_signature(manifest, allowed, manifest.parent) == (IDENTITY, [])


def test_a_changed_manifest_fails(signed: tuple[Path, Path]) -> None:
    manifest, allowed = signed
    data = bytearray(manifest.read_bytes())
    data[5] ^= 0x01
    manifest.write_bytes(bytes(data))
    signer, issues = verify_manifest_signature(manifest, allowed, manifest.parent)
    assert signer is None and [i.code for i in issues] == ["V020"]
    assert "does not verify" in issues[0].message


def test_a_key_not_in_allowed_signers_fails(signed: tuple[Path, Path], tmp_path: Path) -> None:
    manifest, _ = signed
    _, other = make_key(tmp_path, "other_ed25519")
    allowed = tmp_path / "other_allowed"
    allowed.write_text(f"someone@example {other}\n", "utf-8")
    signer, issues = verify_manifest_signature(manifest, allowed, manifest.parent)
    assert signer is None and [i.code for i in issues] == ["V020"]


def test_signed_without_allowed_signers_warns_and_unsigned_with_them_fails(
    signed: tuple[Path, Path],
) -> None:
    manifest, allowed = signed
    signer, issues = verify_manifest_signature(manifest, None, manifest.parent)
    assert signer is None and [(i.code, i.is_error) for i in issues] == [("V021", False)]
    signature_path(manifest).unlink()
    assert verify_manifest_signature(manifest, None, manifest.parent) == (None, [])
    _, issues = verify_manifest_signature(manifest, allowed, manifest.parent)
    assert [i.code for i in issues] == ["V022"]


def test_an_unreadable_key_is_an_issue(tmp_path: Path) -> None:
    manifest = tmp_path / "v1.manifest.json"
    manifest.write_text("{}\n", "utf-8")
    issue = sign_manifest(manifest, {"key": "missing", "identity": IDENTITY}, tmp_path)
    assert issue is not None and issue.code == "A010" and str(tmp_path) not in issue.message
