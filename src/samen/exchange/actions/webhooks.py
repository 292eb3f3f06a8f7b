"""Webhook subscriptions: take one, pause and resume it, cancel it.

The API (api_webhooks.py) and the page (views_webhooks.py) both call these,
so the checks and the audit entries are the same whichever way in.
"""

import secrets
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.audit.actions import created, diff, record
from samen.errors import Invalid, NotFound
from samen.exchange.models import WebhookEventType, WebhookSubscription
from samen.organisations.models import Organisation, User


def _may_manage(actor: User | None, organisation: Organisation) -> None:
    from samen.exchange.access import webhook_organisations

    if actor is not None and organisation not in webhook_organisations(actor):
        raise NotFound()


def _clean_url(value: Any) -> str:
    address = str(value or "").strip()
    parsed = urlparse(address)
    if parsed.scheme not in ("https", "http") or not parsed.netloc or len(address) > 500:
        raise Invalid(_("Enter a valid http(s) URL."), code="url_invalid", field="url")
    return address


def _clean_event_types(value: Any) -> list[str]:
    if value is None:
        return list(WebhookEventType.values)
    chosen = [str(item) for item in value] if isinstance(value, list | tuple) else None
    if not chosen:
        raise Invalid(
            _("Choose at least one event."), code="events_required", field="gebeurtenissen"
        )
    unknown = [item for item in chosen if item not in WebhookEventType.values]
    if unknown:
        raise Invalid(
            _("Unknown event: %(event)s."),
            code="event_unknown",
            field="gebeurtenissen",
            event=unknown[0],
        )
    # Kept in the order of the choices, each once.
    return [event for event in WebhookEventType.values if event in chosen]


def subscribe(
    *, actor: User | None, organisation: Organisation, url: Any, event_types: Any = None
) -> tuple[WebhookSubscription, str]:
    """A subscription to the organisation's events; returns it with its secret.

    The secret is not shown again: whoever loses it cancels and subscribes anew.
    """
    _may_manage(actor, organisation)
    address = _clean_url(url)
    chosen = _clean_event_types(event_types)
    secret = secrets.token_urlsafe(32)

    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            organisation=organisation, url=address, secret=secret, event_types=chosen
        )
        record(
            actor=actor,
            action="exchange.webhook_subscribed",
            object_type="webhook_subscription",
            object_id=subscription.pk,
            changes=created({"url": address, "organisation": organisation.oin, "events": chosen}),
        )
    return subscription, secret


def set_paused(
    *, actor: User | None, subscription: WebhookSubscription, paused: bool
) -> WebhookSubscription:
    """Pause or resume; queued events wait while paused and go out after."""
    _may_manage(actor, subscription.organisation)
    if subscription.paused == paused:
        return subscription

    with transaction.atomic():
        before = {"paused": subscription.paused}
        subscription.paused_at = timezone.now() if paused else None
        subscription.save(update_fields=["paused_at"])
        record(
            actor=actor,
            action="exchange.webhook_paused" if paused else "exchange.webhook_resumed",
            object_type="webhook_subscription",
            object_id=subscription.pk,
            changes=diff(before, {"paused": paused}),
        )
    return subscription


def unsubscribe(*, actor: User | None, subscription: WebhookSubscription) -> None:
    _may_manage(actor, subscription.organisation)
    with transaction.atomic():
        subscription_id = subscription.pk
        subscription.delete()
        record(
            actor=actor,
            action="exchange.webhook_unsubscribed",
            object_type="webhook_subscription",
            object_id=subscription_id,
            changes=diff({"url": subscription.url}, {}),
        )
