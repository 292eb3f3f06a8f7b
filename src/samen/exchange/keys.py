"""This installation's signing keys and its contact card."""

import logging
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from samen.exchange import jws
from samen.exchange.models import KeyStatus, PeerKey, SigningKey
from samen.organisations.models import Organisation

logger = logging.getLogger(__name__)


@lru_cache(maxsize=16)
def _load_private(pem: str) -> Ed25519PrivateKey:
    key = load_pem_private_key(pem.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise TypeError("an exchange signing key must be Ed25519")
    return key


def _new_key(status: str) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()
    jwk = jws.public_jwk(private.public_key())
    return SigningKey.objects.create(kid=jwk["kid"], private_pem=pem, public_jwk=jwk, status=status)


def active_key() -> tuple[str, Ed25519PrivateKey]:
    """The key that signs now: (kid, private key). Made on first use."""
    row = SigningKey.objects.filter(status=KeyStatus.ACTIVE).first()
    if row is None:
        try:
            with transaction.atomic():
                row = _new_key(KeyStatus.ACTIVE)
            logger.info("Made the first exchange signing key %s", row.kid)
        except IntegrityError:
            row = SigningKey.objects.get(status=KeyStatus.ACTIVE)
    return row.kid, _load_private(row.private_pem)


def rotate() -> SigningKey:
    """A new active key; the old ones stay, retired, so old receipts verify."""
    with transaction.atomic():
        for old in SigningKey.objects.select_for_update().filter(status=KeyStatus.ACTIVE):
            old.status = KeyStatus.RETIRED
            old.retired_at = timezone.now()
            old.save(update_fields=["status", "retired_at"])
        row = _new_key(KeyStatus.ACTIVE)
    logger.info("Rotated the exchange signing key; %s is now active", row.kid)
    return row


def own_public_keys() -> dict[str, Ed25519PublicKey]:
    active_key()
    return {row.kid: jws.key_from_jwk(row.public_jwk) for row in SigningKey.objects.all()}


def peer_public_keys(*, active_only: bool = False) -> dict[str, tuple[Any, Ed25519PublicKey]]:
    """kid → (peer, key) for every trusted peer key."""
    rows = PeerKey.objects.select_related("peer")
    if active_only:
        rows = rows.filter(status=KeyStatus.ACTIVE)
    return {row.kid: (row.peer, jws.key_from_jwk(row.jwk)) for row in rows}


def hosted_organisations() -> list[Organisation]:
    """The organisations whose mailbox this installation keeps."""
    configured = settings.EXCHANGE_ORGANISATIONS
    organisations = Organisation.objects.all()
    if configured:
        organisations = organisations.filter(oin__in=configured)
    return list(organisations.order_by("oin"))


def card() -> dict[str, Any]:
    active_key()
    keys = [
        {**row.public_jwk, "status": row.status}
        for row in SigningKey.objects.order_by("-created_at")
    ]
    return {
        "naam": settings.EXCHANGE_NAME,
        "url": settings.EXCHANGE_URL,
        "organisaties": [{"oin": o.oin, "naam": o.name} for o in hosted_organisations()],
        "sleutels": keys,
    }
