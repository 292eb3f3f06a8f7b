"""Compact JWS (RFC 7515) with EdDSA over Ed25519, and Ed25519 JWKs (RFC 8037).

Only what the exchange needs: one algorithm, compact serialisation, and the
RFC 7638 thumbprint as key id. Anything else in a header is refused rather
than ignored, so that no "alg": "none" style trick can slip through.
"""

import base64
import functools
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from samen import canonical

ALGORITHM = "EdDSA"


class JwsError(Exception):
    """A JWS or JWK that cannot be read or does not verify."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise JwsError("not base64url") from exc


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    raw = key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    return {**jwk, "kid": thumbprint(jwk), "alg": ALGORITHM, "use": "sig"}


def thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638: SHA-256 over the required members in canonical order."""
    required = {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}
    return b64url(hashlib.sha256(canonical.dumps(required)).digest())


def key_from_jwk(jwk: dict[str, Any]) -> Ed25519PublicKey:
    if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519" or not isinstance(jwk.get("x"), str):
        raise JwsError("only Ed25519 OKP keys are supported")
    raw = b64url_decode(jwk["x"])
    if len(raw) != 32:
        raise JwsError("an Ed25519 public key is 32 bytes")
    if jwk.get("kid") is not None and jwk["kid"] != thumbprint(jwk):
        raise JwsError("the kid is not the key's thumbprint")
    return Ed25519PublicKey.from_public_bytes(raw)


@functools.lru_cache(maxsize=64)
def _protected(kid: str, typ: str) -> str:
    # The same for every token a key signs with one type: a receiver signing
    # a receipt per message encodes it once.
    return b64url(canonical.dumps({"alg": ALGORITHM, "kid": kid, "typ": typ}))


def sign(payload: dict[str, Any], key: Ed25519PrivateKey, kid: str, typ: str) -> str:
    signing_input = f"{_protected(kid, typ)}.{b64url(canonical.dumps(payload))}"
    signature = key.sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


def unverified_header(token: str) -> dict[str, Any]:
    parts = token.split(".")
    if len(parts) != 3:
        raise JwsError("a compact JWS has three parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except ValueError as exc:
        raise JwsError("the header is not JSON") from exc
    if not isinstance(header, dict) or set(header) != {"alg", "kid", "typ"}:
        raise JwsError("unexpected header members")
    if header["alg"] != ALGORITHM:
        raise JwsError("unsupported algorithm")
    return header


def verify(token: str, keys: dict[str, Ed25519PublicKey], typ: str) -> dict[str, Any]:
    """The payload, if the token is signed by one of `keys` (by kid); else JwsError."""
    header = unverified_header(token)
    if header["typ"] != typ:
        raise JwsError("unexpected type")
    key = keys.get(header["kid"])
    if key is None:
        raise JwsError("unknown key")

    protected, payload, signature = token.split(".")
    try:
        key.verify(b64url_decode(signature), f"{protected}.{payload}".encode("ascii"))
    except InvalidSignature as exc:
        raise JwsError("bad signature") from exc
    try:
        body = json.loads(b64url_decode(payload))
    except ValueError as exc:
        raise JwsError("the payload is not JSON") from exc
    if not isinstance(body, dict):
        raise JwsError("the payload is not an object")
    return body
