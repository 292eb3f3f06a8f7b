"""The exchange's loops for `samen worker`: the outbox, the webhooks, housekeeping."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from samen.exchange.cleanup import cleanup_orphans
from samen.exchange.delivery import deliver_batch
from samen.exchange.models import SeenNonce
from samen.exchange.webhooks import deliver_events
from samen.worker import loops


def forget_old_nonces() -> int:
    # A nonce only needs keeping while its signature could still be accepted.
    cutoff = timezone.now() - timedelta(seconds=2 * settings.EXCHANGE_SIGNATURE_WINDOW_SECONDS)
    deleted, _ = SeenNonce.objects.filter(created_at__lt=cutoff).delete()
    return 0 if deleted == 0 else 1


loops.register("exchange.outbox", deliver_batch, interval_seconds=0.5)
loops.register("exchange.webhooks", deliver_events, interval_seconds=2)
loops.register("exchange.nonces", forget_old_nonces, interval_seconds=300)
loops.register("exchange.cleanup", cleanup_orphans, interval_seconds=3600)
