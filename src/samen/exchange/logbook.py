"""The transaction log of requests between installations, written first.

As FSC logging asks, a record is committed before a request is sent or
accepted. When it cannot be written the request does not happen: the
caller lets the database error through, and the request is refused or
retried later. The outcome is added afterwards, on a best-effort basis.
"""

import logging
from collections.abc import Sequence

from django.db import DatabaseError, transaction
from django.utils import timezone

from samen.exchange.models import Direction, TransactionLog

logger = logging.getLogger(__name__)


def before(
    *,
    direction: str,
    peer_url: str,
    method: str,
    target: str,
    digest: str = "",
    kid: str = "",
    message_ids: Sequence[str] = (),
) -> int:
    """Write and commit the record; raises DatabaseError when it cannot be written."""
    with transaction.atomic():
        row = TransactionLog.objects.create(
            direction=direction,
            peer_url=peer_url[:500],
            kid=kid,
            method=method,
            target=target[:1000],
            content_digest=digest[:120],
            message_ids=list(message_ids),
        )
    return row.pk


def after(record_id: int, status_code: int | None, outcome: str) -> None:
    try:
        TransactionLog.objects.filter(pk=record_id).update(
            status_code=status_code, outcome=outcome[:2000], finished_at=timezone.now()
        )
    except DatabaseError:
        # The request itself was logged; a missing outcome is visible as such.
        logger.exception("Could not add the outcome to transaction log record %s", record_id)


OUT, IN = Direction.OUT, Direction.IN
