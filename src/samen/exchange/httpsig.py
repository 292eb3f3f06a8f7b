"""HTTP Message Signatures (RFC 9421) with Ed25519, and Content-Digest (RFC 9530).

Every request between installations is signed over its method, its target
URI, its Content-Digest, a creation time and a nonce. The receiver rebuilds
the target URI from its own configured exchange URL, not from Host headers,
so a proxy in front changes nothing. Only the one shape this module writes
is accepted when reading: a stricter parser leaves less to go wrong.
"""

import base64
import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

LABEL = "samen"
COMPONENTS = ('"@method"', '"@target-uri"', '"content-digest"')
_INPUT = re.compile(
    r'^samen=\("@method" "@target-uri" "content-digest"\)'
    r';created=(?P<created>\d{1,12});keyid="(?P<keyid>[A-Za-z0-9_-]{1,64})"'
    r';alg="ed25519";nonce="(?P<nonce>[A-Za-z0-9_-]{16,64})"$'
)
_SIGNATURE = re.compile(r"^samen=:(?P<sig>[A-Za-z0-9+/=]{1,200}):$")
_DIGEST = re.compile(r"^sha-256=:(?P<digest>[A-Za-z0-9+/=]{44}):$")


class SignatureError(Exception):
    """Why a request's signature is refused; `status` is 401 or 403."""

    def __init__(self, code: str, detail: str, status: int = 401) -> None:
        super().__init__(detail)
        self.code, self.detail, self.status = code, detail, status


def content_digest(sha256: bytes) -> str:
    return f"sha-256=:{base64.b64encode(sha256).decode('ascii')}:"


def digest_of(body: bytes) -> str:
    return content_digest(hashlib.sha256(body).digest())


def digest_value(header: str) -> bytes:
    match = _DIGEST.fullmatch(header or "")
    if match is None:
        raise SignatureError("digest_missing", "Content-Digest with sha-256 is required.")
    return base64.b64decode(match["digest"])


def _base(method: str, target: str, digest: str, params: str) -> bytes:
    lines = [
        f'"@method": {method.upper()}',
        f'"@target-uri": {target}',
        f'"content-digest": {digest}',
        f'"@signature-params": {params}',
    ]
    return "\n".join(lines).encode("utf-8")


def _params(created: int, kid: str, nonce: str) -> str:
    return f'({" ".join(COMPONENTS)});created={created};keyid="{kid}";alg="ed25519";nonce="{nonce}"'


def sign(method: str, target: str, digest: str, kid: str, key: Ed25519PrivateKey) -> dict[str, str]:
    """The headers to add to a request: Content-Digest, Signature-Input, Signature."""
    params = _params(int(time.time()), kid, secrets.token_urlsafe(18))
    signature = key.sign(_base(method, target, digest, params))
    return {
        "Content-Digest": digest,
        "Signature-Input": f"{LABEL}={params}",
        "Signature": f"{LABEL}=:{base64.b64encode(signature).decode('ascii')}:",
    }


@dataclass(frozen=True)
class Signed:
    kid: str
    nonce: str
    created: int
    digest: bytes


def verify(
    method: str,
    target: str,
    headers: dict[str, str],
    keys: dict[str, Ed25519PublicKey],
    *,
    window_seconds: int,
) -> Signed:
    """Check a request's signature; the caller still checks the body's digest and nonce."""
    signature_input = headers.get("Signature-Input", "")
    signature = headers.get("Signature", "")
    if not signature_input or not signature:
        raise SignatureError("signature_missing", "The request is not signed.")
    found = _INPUT.fullmatch(signature_input)
    value = _SIGNATURE.fullmatch(signature)
    if found is None or value is None:
        raise SignatureError("signature_malformed", "The signature headers cannot be read.")

    key = keys.get(found["keyid"])
    if key is None:
        raise SignatureError("key_unknown", "The signing key is not trusted here.", status=403)
    created = int(found["created"])
    if abs(time.time() - created) > window_seconds:
        raise SignatureError("signature_expired", "The signature is too old or from the future.")

    digest = headers.get("Content-Digest", "")
    params = signature_input[len(LABEL) + 1 :]
    try:
        key.verify(base64.b64decode(value["sig"]), _base(method, target, digest, params))
    except (InvalidSignature, ValueError):
        raise SignatureError("signature_invalid", "The signature does not verify.") from None
    return Signed(found["keyid"], found["nonce"], created, digest_value(digest))
