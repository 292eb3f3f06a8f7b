"""Idempotency-Key for POST: the same request twice has the effect of once.

Decorate a view's `post` with @idempotent. Without the header the request
runs as usual. With it, the first successful answer is stored for
IDEMPOTENCY_HOURS under (user, key), together with a hash of the method,
path and body. A repeat with the same key and the same request gets the
stored answer (with `Idempotent-Replayed: true`) and changes nothing; the
same key with another request is refused as `idempotency_key_reused`.

Only successful answers are stored: a refused request changed nothing, so
running it again after a correction is safe and expected.

The view runs in one transaction with the storing of its answer. Two
concurrent requests with one key therefore cannot both take effect: on
PostgreSQL the second blocks on the unique (user, key) index until the first
commits, then rolls its own work back and replays the first's answer; on
SQLite the IMMEDIATE transaction mode serialises them outright.
"""

import functools
import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

import rfc8785
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from samen.api.models import IdempotencyRecord
from samen.errors import DomainError, Invalid

logger = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
IDEMPOTENCY_HOURS = 24
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")


class IdempotencyKeyReusedError(DomainError):
    status = 422
    default_code = "idempotency_key_reused"


class _LostRaceError(Exception):
    """Another request with the same key committed first."""


def idempotent(handler: Callable[..., Response]) -> Callable[..., Response]:
    """Make a DRF view method honour the Idempotency-Key header."""

    @functools.wraps(handler)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            # Keys are scoped to a person; an anonymous POST (on a public
            # endpoint) has no one to scope them to.
            return handler(view, request, *args, **kwargs)

        key = _checked_key(key)
        fingerprint = request_fingerprint(request)
        try:
            return _run_once(handler, view, request, key, fingerprint, args, kwargs)
        except _LostRaceError:
            logger.info("Idempotency key raced; replaying the first answer")
            stored = _stored(request, key)
            if stored is None:  # the winner's record expired in between: run afresh
                return _run_once(handler, view, request, key, fingerprint, args, kwargs)
            return _replay(stored, fingerprint)

    wrapper.idempotent = True  # type: ignore[attr-defined]
    return wrapper


def _run_once(
    handler: Callable[..., Response],
    view: Any,
    request: Request,
    key: str,
    fingerprint: str,
    args: Any,
    kwargs: Any,
) -> Response:
    with transaction.atomic():
        stored = _stored(request, key)
        if stored is not None:
            return _replay(stored, fingerprint)

        response = handler(view, request, *args, **kwargs)
        if 200 <= response.status_code < 300:
            _store(request, key, fingerprint, response)
        return response


def _checked_key(key: str) -> str:
    if not _KEY_PATTERN.fullmatch(key):
        raise Invalid(
            _("An Idempotency-Key has 1 to 255 visible ASCII characters."),
            code="idempotency_key_invalid",
            field=HEADER,
        )
    return key


def request_fingerprint(request: Request) -> str:
    """SHA-256 over method, path and body: what makes two requests "the same".

    A JSON body is hashed in its RFC 8785 canonical form, so that a client
    whose library orders keys differently on a retry is not refused. Uploaded
    files count by name and size: hashing their bytes would mean reading
    them twice.
    """
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path}\n".encode())
    digest.update(rfc8785.dumps(_comparable(request.data)))
    return digest.hexdigest()


def _comparable(data: Any) -> Any:
    if hasattr(data, "lists"):  # a QueryDict from a form or multipart body
        return {name: [_comparable(value) for value in values] for name, values in data.lists()}
    if hasattr(data, "read") and hasattr(data, "size"):
        return {"file": getattr(data, "name", ""), "size": data.size}
    if isinstance(data, dict):
        return {str(key): _comparable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_comparable(item) for item in data]
    if isinstance(data, int) and not isinstance(data, bool) and abs(data) >= 2**53:
        return str(data)  # beyond what canonical JSON can hold exactly
    if isinstance(data, float):
        return repr(data)  # RFC 8785 accepts floats, but not every float survives a round trip
    return data


def _stored(request: Request, key: str) -> IdempotencyRecord | None:
    cutoff = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
    records = IdempotencyRecord.objects.filter(user_id=_user_id(request), key=key)
    # An expired record frees its key; deleting it here also keeps the table
    # small for clients that reuse keys (purge_expired removes the rest).
    records.filter(created_at__lt=cutoff).delete()
    return records.first()


def _user_id(request: Request) -> uuid.UUID:
    return cast(uuid.UUID, request.user.pk)


def _replay(stored: IdempotencyRecord, fingerprint: str) -> Response:
    if stored.request_hash != fingerprint:
        raise IdempotencyKeyReusedError(
            _("This Idempotency-Key was used for another request; use a new key."),
            field=HEADER,
        )
    headers = {REPLAYED_HEADER: "true"}
    if stored.location:
        headers["Location"] = stored.location
    body = json.loads(stored.response_body) if stored.response_body else None
    return Response(body, status=stored.status_code, headers=headers)


def _store(request: Request, key: str, fingerprint: str, response: Response) -> None:
    record = IdempotencyRecord(
        user_id=_user_id(request),
        key=key,
        method=request.method or "",
        path=request.path,
        request_hash=fingerprint,
        status_code=response.status_code,
        response_body=json.dumps(response.data, cls=JSONEncoder) if response.data else "",
        location=response.headers.get("Location", ""),
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise _LostRaceError() from None


def purge_expired(limit: int = 1000) -> int:
    """Delete up to `limit` records past their day; returns how many. Run by a worker loop."""
    cutoff = timezone.now() - timedelta(hours=IDEMPOTENCY_HOURS)
    expired = list(
        IdempotencyRecord.objects.filter(created_at__lt=cutoff).values_list("pk", flat=True)[:limit]
    )
    deleted, _counts = IdempotencyRecord.objects.filter(pk__in=expired).delete()
    return deleted
