"""Helpers for the deploy tests: a real nginx on a loopback port, raw HTTP requests, the demo
accounts, and a stub of oauth2-proxy's ``/oauth2/auth`` (importable: no package here)."""

from __future__ import annotations

import base64
import contextlib
import http.client
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]
A, B = "huaxin", "dingsheng"
A_REPORT = "SR-HUAXIN-2026-10-01"
B_REPORT = "SR-DINGSHENG-2026-10-01"
ACCOUNTS = {  # edition -> (account, password)
    "provider": ("li.na", "provider-test-passphrase"),
    A: ("chen.ming", "huaxin-test-passphrase"),
    B: ("zhou.ting", "dingsheng-test-passphrase"),
}
CREDENTIALS = "\n".join(f"{edition}:\n  {name}: {pw}" for edition, (name, pw) in ACCOUNTS.items())


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited: {process.stderr.read() if process.stderr else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"nginx did not listen on {port} within {timeout} s")


@contextlib.contextmanager
def running_nginx(nginx: str, out: Path, port: int) -> Iterator[str]:
    """nginx in the foreground as the current user, everything under ``out``; its base URL."""
    command = [nginx, "-p", str(out), "-c", str(out / "nginx.conf"), "-e", "stderr"]
    process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.PIPE, text=True)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def nginx_test(nginx: str, out: Path) -> subprocess.CompletedProcess[str]:
    command = [nginx, "-t", "-p", str(out), "-c", str(out / "nginx.conf"), "-e", "stderr"]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def basic(name: str, password: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def get(base: str, path: str, headers: dict[str, str] | None = None) -> Response:
    """GET ``path`` exactly as written (no client-side ``..`` or percent normalisation)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    connection = http.client.HTTPConnection(host or "127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return Response(response.status, found, response.read())
    finally:
        connection.close()


def b_canaries() -> list[str]:
    """Texts that identify customer B: id, code, names, address, contact, report numbers."""
    registry, _ = load_registry(REPO_ROOT)
    customer = registry.customers[B]
    texts = [B, customer.code, customer.name, customer.short_name, customer.address]
    texts += [value for value in customer.contact.values() if value]
    numbers = sorted(path.stem for path in (REPO_ROOT / "reports" / B).rglob("*.md"))
    assert B_REPORT in numbers
    return [text for text in texts + numbers if text]


# ---- a stub of oauth2-proxy's auth endpoint -------------------------------------------------

SSO_GROUPS = {  # signed-in user (cookie value) -> groups, as the identity provider says
    "chen.ming": ["staff-all", "reportal-customer-huaxin"],
    "zhou.ting": ["reportal-customer-dingsheng"],
    "li.na": ["reportal-provider"],
}
SSO_COOKIE = "_oauth2_proxy"


class StubAuth(BaseHTTPRequestHandler):
    """Like oauth2-proxy's ``/oauth2/auth``: 401 without a session; 403 when the session's
    groups miss every ``allowed_groups``; else 202 with ``X-Auth-Request-User/-Groups``."""

    seen: list[tuple[str, str | None]]  # (path with query, X-Original-URI)

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("X-Original-URI")))
        url = urlsplit(self.path)
        if url.path != "/oauth2/auth":
            return self._answer(404)
        user = self._user()
        if user is None:
            return self._answer(401)
        allowed = ",".join(parse_qs(url.query).get("allowed_groups", [])).split(",")
        groups = SSO_GROUPS[user]
        if allowed != [""] and not set(allowed) & set(groups):
            return self._answer(403)
        headers = {"X-Auth-Request-User": user, "X-Auth-Request-Groups": ",".join(groups)}
        self._answer(202, {**headers, "Set-Cookie": f"{SSO_COOKIE}={user}; Path=/; HttpOnly"})

    def _user(self) -> str | None:
        for part in (self.headers.get("Cookie") or "").split(";"):
            name, _, value = part.strip().partition("=")
            if name == SSO_COOKIE and value in SSO_GROUPS:
                return value
        return None

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextlib.contextmanager
def stub_auth_service() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """The stub on a free loopback port: (its URL, the requests it saw)."""
    seen: list[tuple[str, str | None]] = []
    handler = type("Handler", (StubAuth,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
