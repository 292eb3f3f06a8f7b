"""`samen serve` behind nginx with TLS, configured as docs/operations.md says.

The nginx site is taken from the operations guide itself, so that the guide
cannot drift from what works.
"""

import os
import re
import shutil
import ssl
import subprocess
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.cli.processes import free_port, get, serving, wait_until_answering

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def documented_site() -> str:
    found = re.search(r"```nginx\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert found, "docs/operations.md has no nginx site"
    return found.group(1)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(IPv4Address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def nginx_config(folder: Path, *, http: int, https: int, upstream: int) -> Path:
    cert, key = self_signed_certificate(folder)
    site = (
        documented_site()
        .replace("listen 80;", f"listen 127.0.0.1:{http};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
        .replace("samen.example.nl", "localhost")
        .replace("/etc/letsencrypt/live/localhost/fullchain.pem", str(cert))
        .replace("/etc/letsencrypt/live/localhost/privkey.pem", str(key))
        .replace("http://127.0.0.1:8000", f"http://127.0.0.1:{upstream}")
    )
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    config = folder / "nginx.conf"
    config.write_text(
        f"""
        {"user root;" if os.geteuid() == 0 else ""}
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{}}
        http {{
            access_log {folder}/access.log;
            client_body_temp_path {temp["body"]};
            proxy_temp_path {temp["proxy"]};
            fastcgi_temp_path {temp["fastcgi"]};
            uwsgi_temp_path {temp["uwsgi"]};
            scgi_temp_path {temp["scgi"]};
            {site}
        }}
        """,
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    # One server and one nginx for the module: starting them is most of the cost.
    tmp_path = tmp_path_factory.mktemp("proxied")
    if not Path(NGINX).exists():
        reason = "nginx is missing; install it with: sudo apt-get install nginx"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)

    upstream, http, https = free_port(), free_port(), free_port()
    config = nginx_config(tmp_path, http=http, https=https, upstream=upstream)
    base = f"https://localhost:{https}"
    env = {"SAMEN_BASE_URL": base, "SAMEN_ALLOWED_HOSTS": "localhost"}
    with serving(tmp_path, upstream, **env):
        nginx = subprocess.Popen(  # noqa: S603 (the system's nginx with a test config)
            [NGINX, "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"],
            stderr=subprocess.PIPE,
        )
        try:
            wait_until_answering(f"http://127.0.0.1:{http}/", nginx, seconds=30)
            context = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
            yield base, f"http://localhost:{http}", context
        finally:
            nginx.terminate()
            nginx.wait(timeout=30)


def test_pages_come_through_tls_and_django_knows_it(proxied):
    base, _plain, context = proxied

    status, headers, body = get(f"{base}/inloggen", context)

    assert status == 200
    assert b"<form" in body
    # Both appear only when Django sees the request as HTTPS, that is when
    # the proxy's X-Forwarded-Proto reached it.
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in headers["Set-Cookie"]


def test_plain_http_is_sent_to_https(proxied):
    _base, plain, _context = proxied

    status, headers, _body = get(f"{plain}/inloggen")

    assert status == 301
    assert headers["Location"] == "https://localhost/inloggen"
