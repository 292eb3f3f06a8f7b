"""Outgoing mutual TLS against a real TLS server on loopback that requires a client certificate.

The certificates are made here: a CA, a server certificate for 127.0.0.1
and a client certificate, as a PKIoverheid CA and an organisation's
certificate would be.
"""

import datetime
import ipaddress
import json
import os
import ssl
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.core.exceptions import ImproperlyConfigured

from samen.exchange import tls, transport
from samen.exchange.models import Peer

SHA256 = "a" * 64
CLIENT_NAME = "Provincie Overijssel 00000001002220647000"


@dataclass
class Pki:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject, issuer, public_key, signing_key, *, ca=False, san=None):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if san is not None:
        builder = builder.add_extension(x509.SubjectAlternativeName(san), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _write(path: Path, certificate=None, key=None) -> Path:
    if certificate is not None:
        path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    else:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return path


@pytest.fixture
def pki(tmp_path) -> Pki:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("Test Staat der Nederlanden Private Services CA")
    ca = _certificate(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)

    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _certificate(
        _name("127.0.0.1"),
        ca_name,
        server_key.public_key(),
        ca_key,
        san=[x509.IPAddress(ipaddress.ip_address("127.0.0.1"))],
    )
    client_key = ec.generate_private_key(ec.SECP256R1())
    client = _certificate(_name(CLIENT_NAME), ca_name, client_key.public_key(), ca_key)

    return Pki(
        ca=_write(tmp_path / "ca.pem", ca),
        server_cert=_write(tmp_path / "server.pem", server),
        server_key=_write(tmp_path / "server.key", key=server_key),
        client_cert=_write(tmp_path / "client.pem", client),
        client_key=_write(tmp_path / "client.key", key=client_key),
    )


@pytest.fixture
def peer_server(pki):
    """A peer's exchange endpoint behind TLS that requires a client certificate."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            subject = dict(item[0] for item in self.connection.getpeercert()["subject"])
            seen.append(subject["commonName"])
            body = json.dumps({"compleet": True, "delen": []}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            return

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki.ca))
    context.load_cert_chain(pki.server_cert, pki.server_key)
    context.verify_mode = ssl.CERT_REQUIRED
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_port}/uitwisseling/v1", seen
    server.shutdown()
    server.server_close()


@pytest.fixture
def peer(db, peer_server):
    url, _seen = peer_server
    transport._clients.clear()  # clients are made once per peer, with the settings of then
    yield Peer.objects.create(name="Gemeente Elders", url=url, card={})
    for client in transport._clients.values():
        client.close()
    transport._clients.clear()


def _ask(peer: Peer):
    return transport.request(peer, "GET", f"/bijlagen/{SHA256}")


def test_a_request_with_the_client_certificate_succeeds(settings, pki, peer, peer_server):
    settings.EXCHANGE_CLIENT_CERT = str(pki.client_cert)
    settings.EXCHANGE_CLIENT_KEY = str(pki.client_key)
    settings.EXCHANGE_CA_BUNDLE = str(pki.ca)

    response = _ask(peer)

    assert response.status_code == 200
    assert response.json() == {"compleet": True, "delen": []}
    assert peer_server[1] == [CLIENT_NAME]


def test_a_request_without_a_client_certificate_fails(settings, pki, peer, peer_server):
    settings.EXCHANGE_CA_BUNDLE = str(pki.ca)

    with pytest.raises(transport.TransportError) as failed:
        _ask(peer)

    assert "CERTIFICATE_REQUIRED" in failed.value.reason
    assert not failed.value.final  # retried: the operator may still fix the certificate
    assert peer_server[1] == []


def test_a_peer_whose_server_certificate_the_roots_do_not_cover_is_refused(
    settings, pki, peer, peer_server
):
    # The client certificate, but the default roots: the test CA is not among them.
    settings.EXCHANGE_CLIENT_CERT = str(pki.client_cert)
    settings.EXCHANGE_CLIENT_KEY = str(pki.client_key)

    with pytest.raises(transport.TransportError) as failed:
        _ask(peer)

    assert "CERTIFICATE_VERIFY_FAILED" in failed.value.reason
    assert peer_server[1] == []


def test_a_certificate_and_key_in_one_file_work(settings, pki, peer, tmp_path):
    both = tmp_path / "client-with-key.pem"
    both.write_bytes(pki.client_cert.read_bytes() + pki.client_key.read_bytes())
    settings.EXCHANGE_CLIENT_CERT = str(both)
    settings.EXCHANGE_CA_BUNDLE = str(pki.ca)

    assert _ask(peer).status_code == 200


def test_a_key_that_does_not_belong_to_the_certificate_is_a_configuration_error(settings, pki):
    settings.EXCHANGE_CLIENT_CERT = str(pki.client_cert)
    settings.EXCHANGE_CLIENT_KEY = str(pki.server_key)

    with pytest.raises(ImproperlyConfigured, match="SAMEN_EXCHANGE_CLIENT_CERT"):
        tls.outgoing_verify()


def test_without_settings_httpx_keeps_its_defaults(settings):
    settings.EXCHANGE_CLIENT_CERT = ""
    settings.EXCHANGE_CA_BUNDLE = ""

    assert tls.outgoing_verify() is True


def test_a_certificate_path_that_is_not_a_file_stops_the_start(tmp_path):
    env = {
        **os.environ,
        "SAMEN_DEMO": "true",
        "SAMEN_DATA_DIR": str(tmp_path / "data"),
        "SAMEN_EXCHANGE_CLIENT_CERT": str(tmp_path / "missing.pem"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "samen", "check"], env=env, capture_output=True, text=True
    )

    assert done.returncode != 0
    assert "SAMEN_EXCHANGE_CLIENT_CERT names" in done.stderr
