"""Receiving a batch of messages and status changes: once only, with receipts.

The same function serves a peer's signed request and a delivery inside this
installation, so a local message gets the same checks, de-duplication and
signed receipt as one from elsewhere. One batch is one transaction: the
throughput of the receiver is bound by commits, not by messages.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from samen import bulk
from samen.audit.actions import record
from samen.exchange import blobs, directory, envelope, jws, keys, webhooks
from samen.exchange.ids import uuid7
from samen.exchange.models import (
    ActionStatus,
    Attachment,
    Box,
    Kind,
    Message,
    Peer,
    Status,
)
from samen.organisations.models import Organisation
from samen.workspaces.confidentiality import ORDER

logger = logging.getLogger(__name__)

MAX_TEXT = 100_000


@dataclass
class Batch:
    """What every message of a batch is checked against, read once per batch."""

    peer: Peer | None
    hosted: dict[str, Organisation]
    senders: set[str]
    signer: tuple[str, Any]

    @classmethod
    def of(cls, peer: Peer | None) -> "Batch":
        hosted = directory.hosted_by_oin()
        if peer is None:
            senders = set(hosted)
        else:
            senders = set(peer.organisations.values_list("oin", flat=True))
        return cls(peer, hosted, senders, keys.active_key())


@dataclass
class RefusalError(Exception):
    code: str
    detail: str
    final: bool = True


def _text(value: Any, name: str, maximum: int, *, required: bool = True) -> str:
    if not isinstance(value, str) or len(value) > maximum or (required and not value.strip()):
        raise RefusalError("envelope_invalid", f"{name} must be a text of at most {maximum}.")
    return value


def _optional_uuid(value: Any, name: str) -> uuid.UUID | None:
    return None if value is None else _uuid(value, name)


def _uuid(value: Any, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise RefusalError("envelope_invalid", f"{name} must be a UUID.") from None


def _party(value: Any, name: str) -> tuple[str, str]:
    if not isinstance(value, dict):
        raise RefusalError("envelope_invalid", f"{name} must be an object.")
    oin = _text(value.get("oin"), f"{name}.oin", 20)
    if not oin.isdigit() or len(oin) != 20:
        raise RefusalError("envelope_invalid", f"{name}.oin must be 20 digits.")
    return oin, _text(value.get("naam"), f"{name}.naam", 200)


def _check_attachments(items: Any) -> list[dict[str, Any]]:
    if not isinstance(items, list) or len(items) > 100:
        raise RefusalError("envelope_invalid", "bijlagen must be a list of at most 100.")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("nummer") != number:
            raise RefusalError("envelope_invalid", "bijlagen are numbered from 1.")
        _text(item.get("naam"), "naam", 255)
        _text(item.get("mediatype"), "mediatype", 100)
        if not isinstance(item.get("grootte"), int) or item["grootte"] < 0:
            raise RefusalError("envelope_invalid", "grootte must be a whole number.")
        if not blobs.valid_sha256(item.get("sha256", "")):
            raise RefusalError("envelope_invalid", "sha256 must be 64 hexadecimal digits.")
        if not blobs.exists(item["sha256"]) or blobs.size(item["sha256"]) != item["grootte"]:
            # Not final: the sender uploads the parts first and tries again.
            raise RefusalError("attachment_missing", f"Attachment {number} has not arrived.", False)
    return items


def _parse(data: Any, batch: Batch) -> Message:
    """An inbox Message (unsaved) from an envelope, or RefusalError."""
    if not isinstance(data, dict):
        raise RefusalError("envelope_invalid", "A message must be an object.")
    sender_oin, sender_name = _party(data.get("afzender"), "afzender")
    receiver_oin, receiver_name = _party(data.get("ontvanger"), "ontvanger")
    _check_sender(sender_oin, batch)
    organisation = batch.hosted.get(receiver_oin)
    if organisation is None:
        raise RefusalError("receiver_unknown", f"Organisation {receiver_oin} has no mailbox here.")

    kind = data.get("soort")
    level = data.get("vertrouwelijkheidaanduiding")
    if kind not in Kind.values or level not in ORDER:
        raise RefusalError("envelope_invalid", "Unknown soort or vertrouwelijkheidaanduiding.")
    try:
        reply_by = date.fromisoformat(data["antwoordVoor"]) if data.get("antwoordVoor") else None
        sent_at = envelope.parse_timestamp(str(data.get("verzondenOp")))
    except ValueError:
        raise RefusalError("envelope_invalid", "Dates must be ISO 8601.") from None

    return Message(
        id=uuid7(),
        message_id=_uuid(data.get("id"), "id"),
        box=Box.INBOX,
        organisation=organisation,
        sender_oin=sender_oin,
        sender_name=sender_name,
        receiver_oin=receiver_oin,
        receiver_name=receiver_name,
        conversation_id=_uuid(data.get("conversatieId"), "conversatieId"),
        in_reply_to=_optional_uuid(data.get("antwoordOp"), "antwoordOp"),
        kind=kind,
        subject=_text(data.get("onderwerp"), "onderwerp", 200),
        body=_text(data.get("inhoud"), "inhoud", MAX_TEXT, required=False),
        confidentiality=level,
        reply_by=reply_by,
        sent_at=sent_at,
        status=Status.RECEIVED,
        action_status=ActionStatus.OPEN if kind == Kind.REQUEST else "",
    )


def _check_sender(oin: str, batch: Batch) -> None:
    """A peer may only send for organisations its card lists."""
    if oin not in batch.senders:
        raise RefusalError("sender_not_allowed", f"This installation may not send for {oin}.")


def accept(peer: Peer | None, items: list[Any], signals: list[Any]) -> dict[str, Any]:
    """Store new messages, answer duplicates with their first receipt, apply status changes."""
    with transaction.atomic():
        batch = Batch.of(peer)
        results = _accept_messages(batch, items)
        statuses = [_apply_signal(batch, token) for token in signals]
    return {"berichten": results, "statussen": statuses}


def _existing(items: list[Any]) -> dict[tuple[str, str], Message]:
    ids = []
    for item in items:
        if isinstance(item, dict):
            try:
                ids.append(uuid.UUID(str(item.get("id"))))
            except ValueError:
                continue
    found = Message.objects.filter(box=Box.INBOX, message_id__in=ids)
    return {(m.sender_oin, str(m.message_id)): m for m in found}


def _accept_messages(batch: Batch, items: list[Any]) -> list[dict[str, Any]]:
    existing = _existing(items)
    results, new, new_attachments, now = [], [], [], timezone.now()
    for item in items:
        key = (
            (str(item.get("afzender", {}).get("oin")), str(item.get("id")))
            if isinstance(item, dict)
            else ("", "")
        )
        if key in existing:
            results.append({"id": key[1], "ontvangstbevestiging": existing[key].receipt_jws})
            continue
        try:
            message = _parse(item, batch)
            attachments = _check_attachments(item.get("bijlagen"))
        except RefusalError as refused:
            results.append(_refused(item, refused))
            continue

        message.received_at = now
        message.envelope_sha256 = envelope.sha256_of(item)
        message.receipt_jws = envelope.make_receipt(
            item, now, batch.signer, sha256=message.envelope_sha256
        )
        new.append(message)
        existing[key] = message
        new_attachments += [_attachment(message, a) for a in attachments]
        results.append({"id": key[1], "ontvangstbevestiging": message.receipt_jws})

    if new:
        bulk.insert(Message, new)
        bulk.insert(Attachment, new_attachments)
        _record_batch(batch.peer, new)
    return results


def _fault(refused: RefusalError) -> dict[str, Any]:
    return {"code": refused.code, "detail": refused.detail, "definitief": refused.final}


def _refused(item: Any, refused: RefusalError) -> dict[str, Any]:
    identifier = str(item.get("id")) if isinstance(item, dict) else ""
    logger.warning("Refused message %s: %s", identifier, refused.code)
    return {
        "id": identifier,
        "fout": {"code": refused.code, "detail": refused.detail, "definitief": refused.final},
    }


def _attachment(message: Message, item: dict[str, Any]) -> Attachment:
    return Attachment(
        message=message,
        position=item["nummer"],
        name=item["naam"],
        content_type=item["mediatype"],
        size=item["grootte"],
        sha256=item["sha256"],
    )


def _record_batch(peer: Peer | None, messages: list[Message]) -> None:
    # One audit entry per batch: the audit chain serialises writers, and an
    # entry per message would cap the receiver at the chain's pace.
    record(
        actor=None,
        action="exchange.messages_received",
        object_type="exchange_batch",
        object_id=uuid7(),
        changes={
            "from": {"old": None, "new": peer.url if peer else "local"},
            "messages": {"old": None, "new": [str(m.pk) for m in messages]},
        },
    )
    webhooks.enqueue_for_messages("nl.samen.bericht.ontvangen", messages)


def _signal_keys(peer: Peer | None) -> dict[str, Any]:
    if peer is None:
        return keys.own_public_keys()
    return {k.kid: jws.key_from_jwk(k.jwk) for k in peer.keys.all()}


def _apply_signal(batch: Batch, token: Any) -> dict[str, Any]:
    try:
        payload = jws.verify(str(token), _signal_keys(batch.peer), envelope.STATUS_TYPE)
        _check_sender(str(payload.get("door")), batch)
        message = _signal_target(payload)
    except jws.JwsError as exc:
        return {"fout": {"code": "status_invalid", "detail": str(exc), "definitief": True}}
    except RefusalError as refused:
        return {
            "fout": {"code": refused.code, "detail": refused.detail, "definitief": refused.final}
        }

    _change_status(message, payload, str(token))
    return {"id": payload["berichtId"], "ok": True}


def _signal_target(payload: dict[str, Any]) -> Message:
    status, by = payload.get("status"), payload.get("door")
    message_id = _uuid(payload.get("berichtId"), "berichtId")
    if status == ActionStatus.WITHDRAWN:
        # The sender withdraws: it changes the receiver's inbox copy.
        target = Message.objects.filter(box=Box.INBOX, sender_oin=by, message_id=message_id)
    elif status in (Status.READ, ActionStatus.DONE):
        # The receiver read it or finished it: it changes the sender's outbox copy.
        target = Message.objects.filter(
            box=Box.OUTBOX,
            sender_oin=payload.get("afzender"),
            receiver_oin=by,
            message_id=message_id,
        )
    else:
        raise RefusalError("status_invalid", "Unknown status.")
    message = target.select_for_update().first()
    if message is None:
        raise RefusalError("message_unknown", "No such message here (yet).", final=False)
    return message


def _change_status(message: Message, payload: dict[str, Any], token: str) -> None:
    status = payload["status"]
    if status == Status.READ:
        message.status = Status.READ
        message.read_receipt_jws = token
        message.read_at = envelope.parse_timestamp(payload["op"])
    elif message.kind == Kind.REQUEST and message.action_status != ActionStatus.WITHDRAWN:
        message.action_status = status
    message.save(update_fields=["status", "read_receipt_jws", "read_at", "action_status"])
