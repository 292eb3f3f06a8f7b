"""Verifying a stored receipt later, on either side."""

from typing import Any

from samen.exchange import directory, envelope, jws, keys
from samen.exchange.models import Box, Message, PeerKey


def _keys_for(message: Message) -> dict[str, Any]:
    if message.box == Box.INBOX:
        return keys.own_public_keys()  # this installation signed it
    try:
        local = directory.route(message.receiver_oin).is_local
    except Exception:
        local = False
    found = dict(keys.own_public_keys()) if local else {}
    found.update({k.kid: jws.key_from_jwk(k.jwk) for k in PeerKey.objects.all()})
    return found


def check_receipt(message: Message) -> dict[str, Any]:
    """{"geldig": bool, "reden": str, "inhoud": payload or None}."""
    if not message.receipt_jws:
        return {"geldig": False, "reden": "no receipt", "inhoud": None}
    try:
        payload = jws.verify(message.receipt_jws, _keys_for(message), envelope.RECEIPT_TYPE)
    except jws.JwsError as exc:
        return {"geldig": False, "reden": str(exc), "inhoud": None}
    problem = envelope.receipt_problem(payload, envelope.of_message(message))
    return {"geldig": problem is None, "reden": problem or "", "inhoud": payload}
