"""Signed PDFs: PAdES signatures with the provider's key (a throwaway CA made in the test), and
`reportal verify` on them: the signer, a trusted certificate, one flipped byte."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter
from signing_ca import PASSPHRASE, CaFiles, make_test_ca

from reportal.cli.main import cli
from reportal.pdf.sign import SigningConfig, SignJob, quiet_pyhanko, sign_pdfs


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CaFiles:
    return make_test_ca(tmp_path_factory.mktemp("ca"))


def config(ca: CaFiles, **changes: object) -> SigningConfig:
    values: dict[str, object] = {
        "key": ca.key,
        "certificate": ca.cert,
        "passphrase_env": "TEST_SIGNING_PASSPHRASE",
        "reason": "批准签发",
    }
    return SigningConfig(**{**values, **changes})  # type: ignore[arg-type]


def unsigned_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "SR-HUAXIN-2026-10-01"})
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.fixture
def signed(ca: CaFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TEST_SIGNING_PASSPHRASE", PASSPHRASE)
    pdf = unsigned_pdf(tmp_path / "SR-HUAXIN-2026-10-01.pdf")
    job = SignJob("SR-HUAXIN-2026-10-01", "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md", pdf)
    assert sign_pdfs([job], config(ca)) == (1, [])
    return pdf


def verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["verify", *args])
    return result.exit_code, result.output


def test_pyhanko_validates_the_signature_against_the_test_ca(ca: CaFiles, signed: Path) -> None:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca.root_cert))])
    with quiet_pyhanko(), signed.open("rb") as handle:
        (signature,) = PdfFileReader(handle).embedded_signatures
        status = validate_pdf_signature(signature, context)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert "远景信息 报告签发" in status.signing_cert.subject.human_friendly
    assert len(PdfReader(signed).pages) == 1  # still an ordinary PDF


def test_verify_names_the_signer_and_one_flipped_byte_fails(ca: CaFiles, signed: Path) -> None:
    code, output = verify(str(signed), "--trust", str(ca.root_cert))
    assert code == 0, output
    assert "signed by Common Name: 远景信息 报告签发" in output and "trusted" in output
    data = bytearray(signed.read_bytes())
    data[data.index(b"595") + 1] ^= 0x01  # the page width 595 -> 585: inside the signed range
    signed.write_bytes(bytes(data))
    code, output = verify(str(signed), "--trust", str(ca.root_cert))
    assert code == 1
    assert "[V010]" in output and "changed after signing" in output
    assert "Traceback" not in output


def test_a_signer_from_another_ca_is_not_trusted(ca: CaFiles, signed: Path) -> None:
    code, output = verify(str(signed), "--trust", str(ca.other_root))
    assert code == 1 and "[V011]" in output and "Traceback" not in output


def test_without_a_trusted_certificate_only_integrity_is_checked(
    signed: Path, tmp_path: Path
) -> None:
    code, output = verify(str(signed), "--root", str(tmp_path))
    assert code == 0 and "[V013]" in output and "not trusted" in output


def test_trust_comes_from_reportal_yml(ca: CaFiles, signed: Path, tmp_path: Path) -> None:
    (tmp_path / "reportal.yml").write_text(
        f"provider: {{name: 远景}}\nsigning:\n  key: {ca.key}\n  certificate: {ca.cert}\n"
        f"  trust: [{ca.root_cert}]\n",
        encoding="utf-8",
    )
    code, output = verify(str(signed), "--root", str(tmp_path))
    assert code == 0 and "V013" not in output and ", trusted" in output


def test_an_unsigned_pdf_fails_verify(tmp_path: Path, ca: CaFiles) -> None:
    pdf = unsigned_pdf(tmp_path / "plain.pdf")
    code, output = verify(str(pdf), "--trust", str(ca.root_cert))
    assert code == 1 and "[V012]" in output


def test_a_wrong_passphrase_is_an_issue_not_a_traceback(
    ca: CaFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TEST_SIGNING_PASSPHRASE", "wrong")
    pdf = unsigned_pdf(tmp_path / "r.pdf")
    signed, issues = sign_pdfs([SignJob("N", "reports/x.md", pdf)], config(ca))
    assert signed == 0 and [i.code for i in issues] == ["PDF011"]
    assert "could not be loaded" in issues[0].message and str(tmp_path) not in issues[0].message
    assert "Traceback" not in capsys.readouterr().err
    monkeypatch.delenv("TEST_SIGNING_PASSPHRASE")
    signed, issues = sign_pdfs([SignJob("N", "reports/x.md", pdf)], config(ca))
    assert "TEST_SIGNING_PASSPHRASE is not set" in issues[0].message


def test_without_signing_the_build_says_once_that_pdfs_are_unsigned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from types import SimpleNamespace

    from factories import make_report
    from reportal.model.report import Status
    from reportal.pdf.steps import signing_step

    settings = SimpleNamespace(signing={})
    portal = SimpleNamespace(root=tmp_path, registry=SimpleNamespace(settings=settings))
    sign = signing_step(portal)  # type: ignore[arg-type]
    issued = make_report("SR-HUAXIN-2026-10-01")
    draft = make_report("SR-HUAXIN-2026-11-01", status=Status.DRAFT)
    assert sign(tmp_path / "provider", [issued, draft]) == []
    assert sign(tmp_path / "customers/huaxin", [issued]) == []
    assert capsys.readouterr().err.count("PDFs are not signed") == 1


@pytest.fixture
def tsa_url(ca: CaFiles) -> Iterator[str]:
    """An RFC 3161 time-stamp authority on 127.0.0.1 (pyHanko's test TSA behind http.server)."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(
        asn1_x509.Certificate.load(ca.tsa_cert.read_bytes()),
        keys.PrivateKeyInfo.load(ca.tsa_key.read_bytes()),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_configured_tsa_time_stamps_the_signature(
    ca: CaFiles, tsa_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SIGNING_PASSPHRASE", PASSPHRASE)
    pdf = unsigned_pdf(tmp_path / "r.pdf")
    assert sign_pdfs([SignJob("N", "reports/x.md", pdf)], config(ca, tsa_url=tsa_url)) == (1, [])
    code, output = verify(str(pdf), "--trust", str(ca.root_cert))
    assert code == 0, output
    assert ", time-stamped, trusted" in output


def test_an_unreachable_tsa_fails_the_signing_and_removes_the_pdf(
    ca: CaFiles, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_SIGNING_PASSPHRASE", PASSPHRASE)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    pdf = unsigned_pdf(tmp_path / "r.pdf")
    signed, issues = sign_pdfs([SignJob("N", "reports/x.md", pdf)], config(ca, tsa_url=url))
    assert signed == 0 and [i.code for i in issues] == ["PDF011"]
    assert not pdf.exists()  # never published unsigned by accident


def test_a_signed_pdf_is_readable_like_the_rest_of_the_site(signed: Path) -> None:
    """Signing rewrites the PDF through a temporary file; it keeps the site's 0644, not
    mkstemp's 0600 (nginx, running as another user, must read it)."""
    import stat

    assert stat.S_IMODE(signed.stat().st_mode) == 0o644
