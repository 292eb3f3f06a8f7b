"""Events for subscribers, as CloudEvents in the NL GOV profile.

An event is written in the same transaction as the change it reports, and
delivered afterwards by the worker, retried with backoff: a subscriber that
is down misses nothing. Each POST carries an HMAC-SHA256 over id, time and
body with the subscription's secret (Standard Webhooks headers), so that the
subscriber can tell a real event from a forged one.
"""

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from samen.exchange.envelope import timestamp
from samen.exchange.ids import uuid7
from samen.exchange.models import DeliveryState, Message, WebhookEvent, WebhookSubscription

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12


def source_of(oin: str) -> str:
    return f"urn:nld:oin:{oin}:systeem:samen"


def cloud_event(event_type: str, message: Message) -> dict[str, object]:
    return {
        "specversion": "1.0",
        "type": event_type,
        "source": source_of(message.organisation.oin),
        "id": str(uuid7()),
        "time": timestamp(timezone.now()),
        "subject": str(message.pk),
        "datacontenttype": "application/json",
        "dataref": f"{settings.BASE_URL}/api/v1/berichten/{message.pk}",
        "data": {
            "berichtId": str(message.message_id),
            "status": message.status,
            "afzender": message.sender_oin,
            "ontvanger": message.receiver_oin,
        },
    }


def enqueue_for_messages(event_type: str, messages: Iterable[Message]) -> int:
    """Queue an event per message for its organisation's subscribers.

    Called inside the transaction of the change, so the event and the change
    are committed together or not at all.
    """
    messages = list(messages)
    subscriptions: dict[object, list[WebhookSubscription]] = {}
    for subscription in WebhookSubscription.objects.filter(
        organisation_id__in={m.organisation_id for m in messages}, paused_at__isnull=True
    ):
        # Filtered here rather than in SQL: JSON containment is not portable to SQLite.
        if event_type in subscription.event_types:
            subscriptions.setdefault(subscription.organisation_id, []).append(subscription)
    if not subscriptions:
        return 0

    events = [
        WebhookEvent(subscription=s, event=cloud_event(event_type, m))
        for m in messages
        for s in subscriptions.get(m.organisation_id, [])
    ]
    WebhookEvent.objects.bulk_create(events)
    return len(events)


def _signature(secret: str, event_id: str, sent: str, body: bytes) -> str:
    signed = f"{event_id}.{sent}.".encode() + body
    mac = hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


def _claim(limit: int) -> list[WebhookEvent]:
    now = timezone.now()
    with transaction.atomic():
        due = WebhookEvent.objects.filter(
            state=DeliveryState.PENDING,
            next_attempt_at__lte=now,
            subscription__paused_at__isnull=True,
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        events = list(due.order_by("id")[:limit])
        # The claim pushes the next attempt out, as a lease: a worker that dies
        # mid-post leaves the event to be tried again then.
        WebhookEvent.objects.filter(pk__in=[e.pk for e in events]).update(
            next_attempt_at=now + timedelta(seconds=60)
        )
    return events


def deliver_events(limit: int = 50) -> int:
    events = _claim(limit)
    with httpx.Client(timeout=10) as client:
        for event in events:
            _post(client, event)
    return len(events)


def _post(client: httpx.Client, event: WebhookEvent) -> None:
    subscription = WebhookSubscription.objects.filter(pk=event.subscription_id).first()
    if subscription is None:
        return  # cancelled since the claim; its events went with it
    body = json.dumps(event.event).encode("utf-8")
    sent = str(int(timezone.now().timestamp()))
    headers = {
        "Content-Type": "application/cloudevents+json",
        "webhook-id": str(event.event["id"]),
        "webhook-timestamp": sent,
        "webhook-signature": _signature(subscription.secret, str(event.event["id"]), sent, body),
    }
    try:
        response = client.post(subscription.url, content=body, headers=headers)
        ok, error = response.is_success, f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        ok, error = False, str(exc) or exc.__class__.__name__

    event.attempts += 1
    event.last_attempt_at = timezone.now()
    if ok:
        event.state, event.last_error = DeliveryState.DONE, ""
    elif event.attempts >= MAX_ATTEMPTS:
        event.state, event.last_error = DeliveryState.FAILED, error
        logger.warning("Webhook event %s failed for good: %s", event.pk, error)
    else:
        event.last_error = error
        event.next_attempt_at = timezone.now() + timedelta(seconds=min(2**event.attempts, 3600))
    event.save(
        update_fields=["state", "attempts", "next_attempt_at", "last_attempt_at", "last_error"]
    )
