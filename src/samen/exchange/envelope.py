"""A message as it travels (the envelope), its hash, and the signed receipts.

The envelope is plain JSON with Dutch member names. Its SHA-256 is taken
over the RFC 8785 canonical form, so both sides compute the same hash from
the same content regardless of member order or whitespace.
"""

import hashlib
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from samen import canonical
from samen.exchange import jws, keys
from samen.exchange.models import Message

RECEIPT_TYPE = "samen-ontvangstbevestiging"
STATUS_TYPE = "samen-berichtstatus"


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def of_message(message: Message, attachments: list[Any] | None = None) -> dict[str, Any]:
    if attachments is None:
        attachments = list(message.attachments.all())
    return {
        "id": str(message.message_id),
        "afzender": {"oin": message.sender_oin, "naam": message.sender_name},
        "ontvanger": {"oin": message.receiver_oin, "naam": message.receiver_name},
        "conversatieId": str(message.conversation_id),
        "antwoordOp": str(message.in_reply_to) if message.in_reply_to else None,
        "soort": message.kind,
        "onderwerp": message.subject,
        "inhoud": message.body,
        "vertrouwelijkheidaanduiding": message.confidentiality,
        "antwoordVoor": message.reply_by.isoformat() if message.reply_by else None,
        "verzondenOp": timestamp(message.sent_at),
        "bijlagen": [
            {
                "nummer": a.position,
                "naam": a.name,
                "mediatype": a.content_type,
                "grootte": a.size,
                "sha256": a.sha256,
            }
            for a in attachments
        ],
    }


def canonical_bytes(envelope: dict[str, Any]) -> bytes:
    """The RFC 8785 form: what the hash is taken over, and valid JSON to send as is."""
    return canonical.dumps(envelope)


def sha256_of(envelope: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(envelope)).hexdigest()


def make_receipt(
    envelope: dict[str, Any],
    received_at: datetime,
    signer: tuple[str, Any] | None = None,
    sha256: str | None = None,
) -> str:
    kid, key = signer or keys.active_key()
    payload = {
        "berichtId": envelope["id"],
        "afzender": envelope["afzender"]["oin"],
        "ontvanger": envelope["ontvanger"]["oin"],
        "berichtSha256": sha256 or sha256_of(envelope),
        "bijlagen": [{"nummer": b["nummer"], "sha256": b["sha256"]} for b in envelope["bijlagen"]],
        "ontvangenOp": timestamp(received_at),
        "iss": settings.EXCHANGE_URL,
    }
    return jws.sign(payload, key, kid, RECEIPT_TYPE)


def receipt_problem(
    receipt: dict[str, Any], envelope: dict[str, Any], sha256: str | None = None
) -> str | None:
    """Why a verified receipt does not match what was sent, or None when it does.

    `sha256` is the hash of the envelope's canonical bytes when the caller
    already has it (the worker hashes the very bytes it sent).
    """
    expected = {
        "berichtId": envelope["id"],
        "afzender": envelope["afzender"]["oin"],
        "ontvanger": envelope["ontvanger"]["oin"],
        "berichtSha256": sha256 or sha256_of(envelope),
        "bijlagen": [{"nummer": b["nummer"], "sha256": b["sha256"]} for b in envelope["bijlagen"]],
    }
    for name, value in expected.items():
        if receipt.get(name) != value:
            return f"The receipt's {name} does not match the message sent."
    return None


def make_status(message: Message, status: str, at: datetime, by_oin: str) -> str:
    kid, key = keys.active_key()
    payload = {
        "berichtId": str(message.message_id),
        "afzender": message.sender_oin,
        "door": by_oin,
        "status": status,
        "op": timestamp(at),
    }
    return jws.sign(payload, key, kid, STATUS_TYPE)
