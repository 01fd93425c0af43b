"""Signed archive manifests: ``ssh-keygen -Y sign`` with the provider's SSH key.

``reportal.yml``::

    manifest_signing:
      key: /run/secrets/archive_ed25519        # the SSH private key (relative: to the portal)
      identity: archive@yuanjing.example       # its principal in the allowed-signers file
      allowed_signers: allowed_signers         # what `reportal verify` checks against

``reportal archive`` then writes ``<version>.manifest.json.sig`` beside each new manifest
(namespace ``reportal-manifest``, so a signature made for something else never verifies as
one). ``reportal verify`` checks a manifest that has a signature against the allowed-signers
file (``--allowed-signers`` or ``manifest_signing.allowed_signers``) and names the signer: V020
a signature that does not verify, V021 a signed manifest with nothing to check it against
(warning), V022 no signature where an allowed-signers file was passed on the command line. The
manifest lists the SHA-256 of every archived file and of the tar, so its signature covers the
whole archive. An SM2 seal (GB/T 38540) is the CA's own tooling's job, not Reportal's.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportal.archive.manifest import MANIFEST_SUFFIX_JSON, manifest_path_of
from reportal.issues import Issue, Severity

NAMESPACE = "reportal-manifest"
SIGNATURE_SUFFIX = ".sig"


def signature_path(manifest: Path) -> Path:
    return manifest.with_name(manifest.name + SIGNATURE_SUFFIX)


def _path(root: Path, value: Any) -> Path | None:
    if not isinstance(value, str) or not value:
        return None
    expanded = Path(os.path.expandvars(value)).expanduser()
    return expanded if expanded.is_absolute() else root / expanded


def sign_manifest(manifest: Path, settings: Mapping[str, Any], root: Path) -> Issue | None:
    """Write ``<manifest>.sig``; an Issue (A010) when ssh-keygen cannot sign it."""
    key = _path(root, settings.get("key"))
    label = manifest.name
    if key is None or not key.is_file():
        return Issue(label, None, None, "A010", "manifest_signing: the key file cannot be read")
    command = ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", NAMESPACE, str(manifest)]
    result = _run(command)
    if result is None or result.returncode != 0:
        why = _first_line(result.stderr if result is not None else "ssh-keygen is not installed")
        why = why.replace(str(key), key.name).replace(str(manifest), manifest.name)
        hint = "an unencrypted key, or one held by ssh-agent; ssh-keygen must be installed"
        return Issue(label, None, None, "A010", f"the manifest could not be signed: {why}", hint)
    return None


def verify_manifest_signature(
    archive: Path, allowed_signers: Path | None, root: Path
) -> tuple[str | None, list[Issue]]:
    """``(signer, issues)`` for the manifest of ``archive`` (a tar or the manifest itself)."""
    manifest = archive if archive.name.endswith(MANIFEST_SUFFIX_JSON) else manifest_path_of(archive)
    signature = signature_path(manifest)
    label = manifest.name
    if not signature.is_file():
        if allowed_signers is None:
            return None, []
        hint = "configure `manifest_signing:` in reportal.yml and archive a new version"
        return None, [_issue(label, "V022", "the manifest is not signed", hint)]
    allowed = allowed_signers or _configured_allowed(root)
    if allowed is None:
        message = "the manifest is signed, but no allowed-signers file was given to check it"
        hint = "pass --allowed-signers FILE, or set manifest_signing.allowed_signers"
        return None, [_issue(label, "V021", message, hint, Severity.WARNING)]
    return _verify(manifest, signature, allowed, label)


def _verify(
    manifest: Path, signature: Path, allowed: Path, label: str
) -> tuple[str | None, list[Issue]]:
    found = _run(["ssh-keygen", "-Y", "find-principals", "-s", str(signature), "-f", str(allowed)])
    principals = found.stdout.split() if found is not None and found.returncode == 0 else []
    if not principals:
        message = "the manifest's signature is not by any key of the allowed-signers file"
        return None, [_issue(label, "V020", message, "check the allowed-signers file")]
    principal = principals[0]
    command = ["ssh-keygen", "-Y", "verify", "-f", str(allowed), "-I", principal]
    result = _run([*command, "-n", NAMESPACE, "-s", str(signature)], manifest.read_bytes())
    if result is None or result.returncode != 0:
        message = f"the manifest's signature by {principal} does not verify: it was changed"
        return None, [_issue(label, "V020", message, "restore the manifest from a copy")]
    return principal, []


def _configured_allowed(root: Path) -> Path | None:
    from reportal.validate.registry_checks import load_registry

    if not (root / "reportal.yml").is_file():
        return None
    registry, _ = load_registry(root)
    return _path(root, registry.settings.manifest_signing.get("allowed_signers"))


def _run(command: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[str] | None:
    """Run ssh-keygen; bytes in (the manifest as written), text out whatever the locale."""
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out, err = (stream.decode("utf-8", "replace") for stream in (done.stdout, done.stderr))
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else "unknown error"


def _issue(
    label: str, code: str, message: str, hint: str, severity: Severity = Severity.ERROR
) -> Issue:
    return Issue(label, None, None, code, message, hint=hint, severity=severity)
