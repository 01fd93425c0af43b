"""A throwaway certificate authority for the signing tests, made with ``cryptography`` (no
network, no files outside the test's folder): a root CA and a provider certificate it issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSPHRASE = "correct horse battery staple"


@dataclass(frozen=True)
class CaFiles:
    root_cert: Path
    key: Path  # the provider's key, encrypted with PASSPHRASE
    cert: Path  # the provider's certificate, issued by the root
    other_root: Path  # a CA that issued nothing here (not trusted for the provider)
    tsa_cert: Path  # a time-stamp authority's certificate, issued by the root (DER)
    tsa_key: Path  # its RSA key (PKCS#8 DER, unencrypted; pyHanko's test TSA is RSA-only)


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "远景信息技术服务有限公司"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(
    subject: str, key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, issuer: str,
    issuer_key: ec.EllipticCurvePrivateKey, ca: bool, purpose: x509.ObjectIdentifier | None = None,
) -> x509.Certificate:  # fmt: skip
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
    )
    if not ca:
        extended = x509.ExtendedKeyUsage([purpose or ExtendedKeyUsageOID.CODE_SIGNING])
        builder = builder.add_extension(extended, critical=purpose is not None)
    return builder.sign(issuer_key, hashes.SHA256())


def make_test_ca(folder: Path) -> CaFiles:
    folder.mkdir(parents=True, exist_ok=True)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = _cert("Reportal Test Root CA", root_key, "Reportal Test Root CA", root_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert("远景信息 报告签发", key, "Reportal Test Root CA", root_key, ca=False)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other = _cert("Some Other CA", other_key, "Some Other CA", other_key, ca=True)
    pem = serialization.Encoding.PEM
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    stamping = ExtendedKeyUsageOID.TIME_STAMPING
    tsa = _cert("Reportal Test TSA", tsa_key, "Reportal Test Root CA", root_key, False, stamping)
    paths = CaFiles(
        folder / "root.pem", folder / "key.pem", folder / "cert.pem", folder / "o.pem",
        folder / "tsa.der", folder / "tsa-key.der",
    )  # fmt: skip
    der = serialization.Encoding.DER
    paths.tsa_cert.write_bytes(tsa.public_bytes(der))
    plain = serialization.NoEncryption()
    paths.tsa_key.write_bytes(tsa_key.private_bytes(der, serialization.PrivateFormat.PKCS8, plain))
    paths.root_cert.write_bytes(root.public_bytes(pem))
    paths.cert.write_bytes(cert.public_bytes(pem))
    paths.other_root.write_bytes(other.public_bytes(pem))
    encryption = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, encryption)
    paths.key.write_bytes(key_pem)
    return paths
