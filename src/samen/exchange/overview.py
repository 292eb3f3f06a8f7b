"""What an operator needs to see: failed and stuck deliveries."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from samen.exchange.models import Delivery, DeliveryState

STUCK_AFTER = timedelta(minutes=5)


def failed() -> QuerySet[Delivery]:
    return Delivery.objects.filter(state=DeliveryState.FAILED).select_related("message", "peer")


def stuck() -> QuerySet[Delivery]:
    """Pending for longer than a few minutes: retrying, or held by a dead worker."""
    return Delivery.objects.filter(
        state=DeliveryState.PENDING, created_at__lt=timezone.now() - STUCK_AFTER
    ).select_related("message", "peer")


def figures() -> dict[str, Any]:
    counts = dict(
        Delivery.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    return {
        "wachtend": counts.get(DeliveryState.PENDING, 0),
        "afgeleverd": counts.get(DeliveryState.DONE, 0),
        "mislukt": counts.get(DeliveryState.FAILED, 0),
        "vastgelopen": stuck().count(),
    }
