"""The API's loop for `samen worker`: forgetting Idempotency-Key answers past their day."""

from samen.api.idempotency import purge_expired
from samen.worker import loops

loops.register("api.idempotency_purge", purge_expired, interval_seconds=3600)
