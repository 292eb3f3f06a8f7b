"""Sending, resending, reading and handling messages."""

import logging
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen import bulk
from samen.audit.actions import Entry, created, diff, record, record_many
from samen.errors import Conflict, Forbidden, Invalid
from samen.exchange import directory, envelope
from samen.exchange.ids import uuid7
from samen.exchange.models import (
    ActionStatus,
    Attachment,
    Box,
    Delivery,
    DeliveryKind,
    DeliveryState,
    Kind,
    Message,
    Status,
)
from samen.organisations.models import Organisation, User
from samen.workspaces.confidentiality import ORDER, rank

logger = logging.getLogger(__name__)

MAX_ATTACHMENTS = 50


@dataclass(frozen=True)
class NewAttachment:
    """An attachment already in the blob store (uploaded, or copied from a document)."""

    name: str
    content_type: str
    size: int
    sha256: str
    confidentiality: str | None = None


def _clean_subject(value: Any) -> str:
    subject = str(value or "").strip()
    if not subject or len(subject) > 200:
        raise Invalid(
            _("A subject of 1 to 200 characters is required."),
            code="subject_invalid",
            field="onderwerp",
        )
    return subject


def _clean_body(value: Any) -> str:
    body = str(value or "")
    if len(body) > 100_000:
        raise Invalid(
            _("The text has at most %(max)s characters."),
            code="text_too_long",
            field="inhoud",
            max=100_000,
        )
    return body


def _clean_choice(value: Any, choices: list[str], field: str) -> str:
    if value not in choices:
        raise Invalid(
            _("Unknown value for %(name)s: %(value)s."),
            code=f"{field.lower()}_unknown",
            field=field,
            name=field,
            value=value,
        )
    return str(value)


def _reply_target(organisation: Organisation, in_reply_to: Any) -> Message | None:
    if in_reply_to in (None, ""):
        return None
    try:
        return Message.objects.get(organisation=organisation, pk=uuid.UUID(str(in_reply_to)))
    except (Message.DoesNotExist, ValueError):
        raise Invalid(
            _("The message you answer is not in your mailbox."),
            code="reply_unknown",
            field="antwoordOp",
        ) from None


def _check_attachments(attachments: list[NewAttachment], level: str) -> None:
    if len(attachments) > MAX_ATTACHMENTS:
        raise Invalid(
            _("At most %(max)s attachments."), code="attachments_too_many", max=MAX_ATTACHMENTS
        )
    for attachment in attachments:
        if attachment.size > settings.EXCHANGE_MAX_ATTACHMENT_BYTES:
            raise Invalid(
                _("%(name)s is larger than allowed."),
                code="attachment_too_large",
                field="bijlagen",
                name=attachment.name,
            )
        if attachment.confidentiality and rank(attachment.confidentiality) > rank(level):
            raise Invalid(
                _("%(name)s is more confidential than the message."),
                code="confidentiality_below_attachment",
                field="vertrouwelijkheidaanduiding",
                name=attachment.name,
            )


@dataclass
class Prepared:
    """A checked, unsaved outbox message with what storing it takes."""

    message: Message
    attachments: list[Attachment]
    peer: Any
    changes: dict[str, Any]


def prepare_message(
    *,
    actor: User,
    sender: Organisation,
    receiver_oin: Any,
    subject: Any,
    body: Any = "",
    kind: Any = Kind.INFORMATION,
    confidentiality: Any = "intern",
    reply_by: date | None = None,
    in_reply_to: Any = None,
    attachments: list[NewAttachment] | None = None,
    routes: dict[str, directory.Route] | None = None,
) -> Prepared:
    """Check a new message and build its rows; raises Invalid, stores nothing.

    `routes` lets a bundle look each receiver up once rather than per message.
    """
    attachments = attachments or []
    route = _route(str(receiver_oin or "").strip(), routes)
    original = _reply_target(sender, in_reply_to)
    kind = _clean_choice(kind, Kind.values, "soort")
    level = _clean_choice(confidentiality, ORDER, "vertrouwelijkheidaanduiding")
    if kind == Kind.ANSWER and original is None:
        raise Invalid(
            _("An answer names the message it answers."), code="reply_required", field="antwoordOp"
        )
    _check_attachments(attachments, level)

    message = Message(
        id=uuid7(),
        box=Box.OUTBOX,
        organisation=sender,
        sender_oin=sender.oin,
        sender_name=sender.name,
        receiver_oin=route.oin,
        receiver_name=route.name,
        conversation_id=original.conversation_id if original else uuid7(),
        in_reply_to=original.message_id if original else None,
        kind=kind,
        subject=_clean_subject(subject),
        body=_clean_body(body),
        confidentiality=level,
        reply_by=reply_by,
        status=Status.QUEUED,
        action_status=ActionStatus.OPEN if kind == Kind.REQUEST else "",
        created_by=actor,
    )
    message.message_id = message.id
    rows = [
        Attachment(
            message=message,
            position=number,
            name=a.name,
            content_type=a.content_type,
            size=a.size,
            sha256=a.sha256,
        )
        for number, a in enumerate(attachments, start=1)
    ]
    message.envelope_sha256 = envelope.sha256_of(envelope.of_message(message, rows))
    changes = created(
        {
            "receiver": route.oin,
            "subject": message.subject,
            "kind": kind,
            "attachments": [a.sha256 for a in attachments],
        }
    )
    return Prepared(message, rows, route.peer, changes)


def _route(oin: str, routes: dict[str, directory.Route] | None) -> directory.Route:
    if routes is None:
        return directory.route(oin)
    if oin not in routes:
        routes[oin] = directory.route(oin)
    return routes[oin]


def send_message(*, actor: User, sender: Organisation, **fields: Any) -> Message:
    """Put a message and its outbox entry in the outbox, in one transaction."""
    prepared = prepare_message(actor=actor, sender=sender, **fields)
    store_prepared(actor=actor, prepared=[prepared])
    return prepared.message


def store_prepared(*, actor: User, prepared: list[Prepared]) -> None:
    """Store checked messages, their outbox entries and an audit entry each, in one transaction."""
    now = timezone.now()
    expires = now + timedelta(seconds=settings.EXCHANGE_PERSIST_SECONDS)
    with transaction.atomic():
        bulk.insert(Message, [p.message for p in prepared])
        bulk.insert(Attachment, [a for p in prepared for a in p.attachments])
        bulk.insert(Delivery, [_outbox_entry(p, now, expires) for p in prepared])
        record_many(
            [
                Entry(
                    actor=actor,
                    action="exchange.message_sent",
                    object_type="message",
                    object_id=p.message.pk,
                    changes=p.changes,
                )
                for p in prepared
            ]
        )
    for p in prepared:
        logger.info("Message %s queued for %s", p.message.pk, p.message.receiver_oin)


def _outbox_entry(prepared: Prepared, now: Any, expires: Any) -> Delivery:
    return Delivery(
        kind=DeliveryKind.MESSAGE,
        message=prepared.message,
        receiver_oin=prepared.message.receiver_oin,
        peer=prepared.peer,
        next_attempt_at=now,
        expires_at=expires,
    )


def _enqueue(message: Message, kind: str, peer: Any, signal: str = "") -> Delivery:
    now = timezone.now()
    return Delivery.objects.create(
        kind=kind,
        message=message,
        receiver_oin=message.receiver_oin if message.box == Box.OUTBOX else message.sender_oin,
        peer=peer,
        signal=signal,
        next_attempt_at=now,
        expires_at=now + timedelta(seconds=settings.EXCHANGE_PERSIST_SECONDS),
    )


def resend(*, actor: User, message: Message) -> Message:
    """Give a failed message a fresh persist duration; the receiver still de-duplicates."""
    if message.box != Box.OUTBOX or message.status != Status.FAILED:
        raise Conflict(_("Only a failed message can be sent again."), code="not_failed")
    route = directory.route(message.receiver_oin)
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            message.deliveries.select_for_update()
            .filter(kind=DeliveryKind.MESSAGE)
            .order_by("-id")
            .first()
        )
        if delivery is None:
            _enqueue(message, DeliveryKind.MESSAGE, route.peer)
        else:
            delivery.state, delivery.attempts, delivery.peer = DeliveryState.PENDING, 0, route.peer
            delivery.next_attempt_at, delivery.lease_until = now, None
            delivery.expires_at = now + timedelta(seconds=settings.EXCHANGE_PERSIST_SECONDS)
            delivery.save()
        before = {"status": message.status, "failureReason": message.failure_reason}
        message.status, message.failure_reason = Status.QUEUED, ""
        message.save(update_fields=["status", "failure_reason"])
        record(
            actor=actor,
            action="exchange.message_resent",
            object_type="message",
            object_id=message.pk,
            changes=diff(before, {"status": message.status, "failureReason": ""}),
        )
    return message


def _signal(message: Message, status: str, by_oin: str) -> None:
    """Tell the other side about a status change, through the outbox."""
    other = message.sender_oin if message.box == Box.INBOX else message.receiver_oin
    try:
        peer = directory.route(other).peer
    except Invalid:
        logger.warning("Status change of %s not sent: %s is no longer reachable", message.pk, other)
        return
    token = envelope.make_status(message, status, timezone.now(), by_oin)
    _enqueue(message, DeliveryKind.STATUS, peer, signal=token)


def mark_read(*, actor: User, message: Message) -> Message:
    """The first reader of a received message sends the read receipt."""
    if message.box != Box.INBOX or message.read_at is not None:
        return message
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.read_at is not None:
            return locked
        locked.read_at, locked.status = timezone.now(), Status.READ
        locked.save(update_fields=["read_at", "status"])
        _signal(locked, Status.READ, locked.receiver_oin)
        record(
            actor=actor,
            action="exchange.message_read",
            object_type="message",
            object_id=locked.pk,
            changes=diff({"status": Status.RECEIVED}, {"status": Status.READ}),
        )
    return locked


def set_action_status(*, actor: User, message: Message, status: Any) -> Message:
    """The receiver marks a request done; the sender withdraws it."""
    if message.kind != Kind.REQUEST:
        raise Conflict(_("Only an action request has a status."), code="not_a_request")
    if message.action_status != ActionStatus.OPEN:
        raise Conflict(_("This request is no longer open."), code="request_closed")
    allowed = ActionStatus.DONE if message.box == Box.INBOX else ActionStatus.WITHDRAWN
    if status != allowed:
        raise Forbidden(
            _("Only the receiver marks a request done, and only the sender withdraws it."),
            code="action_status_not_allowed",
        )
    by = message.receiver_oin if message.box == Box.INBOX else message.sender_oin
    with transaction.atomic():
        message.action_status = status
        message.save(update_fields=["action_status"])
        _signal(message, status, by)
        record(
            actor=actor,
            action="exchange.request_status",
            object_type="message",
            object_id=message.pk,
            changes=diff({"actionStatus": ActionStatus.OPEN}, {"actionStatus": status}),
        )
    return message
