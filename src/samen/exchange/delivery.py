"""The outbox: claim due entries, carry them per receiver, record the outcome.

At least once: an entry stays pending until a verified receipt (or the
receiver's acknowledgement of a status change) has been committed here. A
worker that dies mid-way leaves its claim to expire, and the entry is sent
again; the receiver answers a repeat with the receipt it gave the first time.
Several workers can run at once: a claim is a short transaction that takes
rows with SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, and on SQLite
the IMMEDIATE transaction mode makes the claim exclusive.
"""

import hashlib
import json
import logging
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from samen.audit.actions import record
from samen.exchange import envelope, jws, keys, logbook, receiver, transport, webhooks
from samen.exchange.ids import uuid7
from samen.exchange.models import (
    Attachment,
    Delivery,
    DeliveryKind,
    DeliveryState,
    Message,
    Peer,
    Status,
)

logger = logging.getLogger(__name__)


def deliver_batch(limit: int | None = None) -> int:
    """Claim up to `limit` due entries and carry them; returns how many were claimed."""
    claimed = claim(limit or settings.EXCHANGE_BATCH_SIZE)
    by_peer: dict[Any, list[Delivery]] = defaultdict(list)
    for item in claimed:
        by_peer[item.peer_id].append(item)

    for group in by_peer.values():
        try:
            _carry(group[0].peer, group)
        except DatabaseError:
            # The transaction log or the outcome could not be written. The
            # claims expire and the entries are tried again.
            logger.exception("Delivery of %s entries stopped by a database error", len(group))
    return len(claimed)


def claim(limit: int) -> list[Delivery]:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.EXCHANGE_LEASE_SECONDS)
    with transaction.atomic():
        due = Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now).filter(
            Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        items = list(due.select_related("peer").order_by("id")[:limit])
        ids = [item.pk for item in items]
        Delivery.objects.filter(pk__in=ids).update(lease_until=lease, attempts=F("attempts") + 1)
        Message.objects.filter(
            deliveries__pk__in=ids, status=Status.QUEUED, deliveries__kind=DeliveryKind.MESSAGE
        ).update(status=Status.SENT)
    for item in items:
        item.attempts += 1
    return items


def _carry(peer: Peer | None, group: list[Delivery]) -> None:
    messages, attachments = _load(group)
    envelopes = {
        d.pk: envelope.of_message(messages[d.message_id], attachments[d.message_id]) for d in group
    }
    outcomes: dict[int, tuple[str, Any]] = {}

    ready = [
        d
        for d in group
        if d.kind == DeliveryKind.STATUS
        or _uploaded(peer, messages[d.message_id], attachments[d.message_id], d, outcomes)
    ]
    items = [d for d in ready if d.kind == DeliveryKind.MESSAGE]
    signals = [d for d in ready if d.kind == DeliveryKind.STATUS]
    if items or signals:
        # Each envelope is made canonical once: those bytes go on the wire and
        # their hash is what the receipt must name.
        encoded = {d.pk: envelope.canonical_bytes(envelopes[d.pk]) for d in items}
        hashes = {pk: hashlib.sha256(data).hexdigest() for pk, data in encoded.items()}
        statuses = [d.signal for d in signals]
        batch = {"berichten": [envelopes[d.pk] for d in items], "statussen": statuses}
        try:
            answer = _send(
                peer,
                batch,
                _encode_batch([encoded[d.pk] for d in items], statuses),
                [str(messages[d.message_id].message_id) for d in ready],
            )
            _read_answer(peer, answer, items, signals, envelopes, hashes, outcomes)
        except transport.TransportError as error:
            for d in ready:
                outcomes[d.pk] = ("final" if error.final else "retry", error.reason)

    _record_outcomes(group, messages, outcomes)


def _load(group: list[Delivery]) -> tuple[dict[Any, Message], dict[Any, list[Attachment]]]:
    """The group's messages and their attachments, in two queries."""
    ids = {d.message_id for d in group}
    messages = {m.pk: m for m in Message.objects.filter(pk__in=ids)}
    # Grouped by hand: prefetch_related builds a queryset per message, which
    # cost more than the query itself for batches of hundreds.
    attachments: dict[Any, list[Attachment]] = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(message_id__in=ids).order_by("position"):
        attachments[attachment.message_id].append(attachment)
    return messages, attachments


def _encode_batch(envelopes: list[bytes], signals: list[str]) -> bytes:
    """The request body {"berichten": [...], "statussen": [...]} around encoded envelopes."""
    statuses = json.dumps(signals, separators=(",", ":")).encode("utf-8")
    return b'{"berichten":[' + b",".join(envelopes) + b'],"statussen":' + statuses + b"}"


def _uploaded(
    peer: Peer | None,
    message: Message,
    attachments: list[Attachment],
    item: Delivery,
    outcomes: dict[int, tuple[str, Any]],
) -> bool:
    if peer is None:
        return True  # the blob store is shared inside one installation
    try:
        for attachment in attachments:
            transport.upload(peer, attachment.sha256, str(message.message_id))
    except transport.TransportError as error:
        outcomes[item.pk] = ("final" if error.final else "retry", error.reason)
        return False
    return True


def _send(peer: Peer | None, batch: dict[str, Any], body: bytes, ids: list[str]) -> dict[str, Any]:
    if peer is not None:
        return transport.send_batch(peer, batch, ids, body=body)
    # Inside one installation: the receiving code runs here, but the same
    # log, checks, de-duplication and receipts apply.
    log_id = logbook.before(
        direction=logbook.OUT, peer_url="local", method="POST", target="local", message_ids=ids
    )
    answer = receiver.accept(None, batch["berichten"], batch["statussen"])
    logbook.after(log_id, 200, "ok")
    return answer


def _receipt_keys(peer: Peer | None) -> dict[str, Any]:
    if peer is None:
        return keys.own_public_keys()
    return {k.kid: jws.key_from_jwk(k.jwk) for k in peer.keys.all()}


def _read_answer(
    peer: Peer | None,
    answer: dict[str, Any],
    items: list[Delivery],
    signals: list[Delivery],
    envelopes: dict[int, dict[str, Any]],
    hashes: dict[int, str],
    outcomes: dict[int, tuple[str, Any]],
) -> None:
    results = {str(r.get("id")): r for r in answer.get("berichten", []) if isinstance(r, dict)}
    verify_with = _receipt_keys(peer)
    for item in items:
        sent = envelopes[item.pk]
        outcomes[item.pk] = _message_outcome(
            results.get(sent["id"]), sent, hashes[item.pk], verify_with
        )

    statuses = answer.get("statussen", [])
    for position, item in enumerate(signals):
        result = statuses[position] if position < len(statuses) else None
        outcomes[item.pk] = _signal_outcome(result)


def _message_outcome(
    result: dict[str, Any] | None, sent: dict[str, Any], sha256: str, verify_with: dict[str, Any]
) -> tuple[str, Any]:
    if result is None:
        return ("retry", "The receiver's answer does not mention this message.")
    if "fout" in result:
        fault = result["fout"] if isinstance(result["fout"], dict) else {}
        reason = f"{fault.get('code', '')}: {fault.get('detail', '')}"
        return ("final" if fault.get("definitief") else "retry", reason)

    token = str(result.get("ontvangstbevestiging", ""))
    try:
        payload = jws.verify(token, verify_with, envelope.RECEIPT_TYPE)
    except jws.JwsError as exc:
        # Perhaps the receiver rotated its key and its new card is not yet
        # trusted here: try again until the persist duration ends.
        return ("retry", f"The receipt does not verify: {exc}.")
    problem = envelope.receipt_problem(payload, sent, sha256)
    if problem:
        return ("final", problem)
    return ("done", token)


def _signal_outcome(result: Any) -> tuple[str, Any]:
    if isinstance(result, dict) and result.get("ok"):
        return ("done", "")
    fault = result.get("fout", {}) if isinstance(result, dict) else {}
    reason = f"{fault.get('code', 'no_answer')}: {fault.get('detail', '')}"
    return ("final" if fault.get("definitief") else "retry", reason)


def backoff(attempts: int) -> timedelta:
    seconds = settings.EXCHANGE_BACKOFF_BASE_SECONDS * (2 ** max(0, attempts - 1))
    return timedelta(seconds=min(seconds, settings.EXCHANGE_BACKOFF_MAX_SECONDS))


def _record_outcomes(
    group: list[Delivery], messages: dict[Any, Message], outcomes: dict[int, tuple[str, Any]]
) -> None:
    now = timezone.now()
    delivered, failed = [], []
    with transaction.atomic():
        for item in group:
            kind, detail = outcomes.get(item.pk, ("retry", "Not sent."))
            if kind == "retry" and now + backoff(item.attempts) > item.expires_at:
                kind, detail = "final", f"Not delivered within the persist duration. {detail}"
            _apply(item, kind, detail, now)
            message = messages[item.message_id]
            if item.kind == DeliveryKind.MESSAGE and kind == "done":
                message.receipt_jws = detail
                delivered.append(message)
            elif item.kind == DeliveryKind.MESSAGE and kind == "final":
                message.failure_reason = detail
                failed.append(message)
        _save_deliveries(group)
        _mark(delivered, Status.DELIVERED, "receipt_jws")
        _mark(failed, Status.FAILED, "failure_reason")
        if delivered or failed:
            _record_batch(delivered, failed)


def _save_deliveries(group: list[Delivery]) -> None:
    # One UPDATE per distinct outcome rather than bulk_update's CASE per row,
    # which costs more than the delivery itself for large batches.
    same: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for item in group:
        if item.state == DeliveryState.DONE:
            same[(item.state, item.done_at)].append(item.pk)
        elif item.state == DeliveryState.FAILED:
            same[(item.state, item.last_error)].append(item.pk)
        else:
            same[(item.state, item.next_attempt_at, item.last_error)].append(item.pk)
    for key, ids in same.items():
        Delivery.objects.filter(pk__in=ids).update(lease_until=None, **_changes(key))


def _changes(key: tuple[Any, ...]) -> dict[str, Any]:
    if key[0] == DeliveryState.DONE:
        return {"state": key[0], "done_at": key[1], "last_error": ""}
    if key[0] == DeliveryState.FAILED:
        return {"state": key[0], "last_error": key[1]}
    return {"next_attempt_at": key[1], "last_error": key[2]}


def _apply(item: Delivery, kind: str, detail: str, now: Any) -> None:
    item.lease_until = None
    if kind == "done":
        item.state, item.done_at, item.last_error = DeliveryState.DONE, now, ""
    elif kind == "final":
        item.state, item.last_error = DeliveryState.FAILED, str(detail)
        logger.warning("Delivery %s failed: %s", item.pk, detail)
    else:
        item.last_error = str(detail)
        item.next_attempt_at = now + backoff(item.attempts)


def _mark(messages: list[Message], status: str, field: str) -> None:
    """Store each message's receipt (or reason) and its status, in one statement batch."""
    if not messages:
        return
    if field not in ("receipt_jws", "failure_reason"):
        raise ValueError(field)
    # A read receipt may already have arrived; never step back from "read".
    # The table and the column are names from this module, never input.
    table = connection.ops.quote_name(Message._meta.db_table)
    keep_read = "CASE WHEN status = %s THEN status ELSE %s END"
    if connection.vendor == "postgresql":
        _mark_at_once(messages, field, table, keep_read, [Status.READ, status])
        return

    pk = Message._meta.pk
    sql = f"UPDATE {table} SET {field} = %s, status = {keep_read} WHERE id = %s"  # noqa: S608
    rows = [
        (getattr(m, field), Status.READ, status, pk.get_db_prep_value(m.pk, connection))
        for m in messages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _mark_at_once(
    messages: list[Message], field: str, table: str, keep_read: str, statuses: list[str]
) -> None:
    # One statement for the lot: on PostgreSQL a statement per message
    # doubles the server's CPU time per delivered message.
    sql = (
        f"UPDATE {table} SET {field} = batch.value, status = {keep_read} "  # noqa: S608
        "FROM (SELECT unnest(%s::uuid[]) AS id, unnest(%s::text[]) AS value) AS batch "
        f"WHERE {table}.id = batch.id"
    )
    values = [getattr(m, field) for m in messages]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*statuses, [m.pk for m in messages], values])


def _record_batch(delivered: list[Message], failed: list[Message]) -> None:
    record(
        actor=None,
        action="exchange.deliveries_done",
        object_type="exchange_batch",
        object_id=uuid7(),
        changes={
            "delivered": {"old": None, "new": [str(m.pk) for m in delivered]},
            "failed": {"old": None, "new": [str(m.pk) for m in failed]},
        },
    )
    for message in delivered:
        message.status = Status.DELIVERED
    for message in failed:
        message.status = Status.FAILED
    webhooks.enqueue_for_messages("nl.samen.bericht.afgeleverd", delivered)
    webhooks.enqueue_for_messages("nl.samen.bericht.mislukt", failed)
