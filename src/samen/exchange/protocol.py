"""The endpoint between installations: signed requests only.

Order of checks, each refusing with nothing stored: a signature from a
trusted peer's active key, created within the window; the body's SHA-256
against the signed Content-Digest; then the nonce (a replay is refused) and
the transaction log record, committed together before the request is
accepted. Only then is anything received.
"""

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samen.exchange import blobs, httpsig, keys, logbook, receiver
from samen.exchange.models import Peer, SeenNonce

logger = logging.getLogger(__name__)
security = logging.getLogger("samen.security.exchange")

PATH_PREFIX = "/uitwisseling/v1"
MAX_BATCH_BYTES = 64 * 1024 * 1024


def _problem(status: int, code: str, detail: str) -> JsonResponse:
    body = {"type": f"urn:samen:problem:{code}", "status": status, "code": code, "detail": detail}
    return JsonResponse(body, status=status, content_type="application/problem+json")


class RefusedError(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.response = _problem(status, code, detail)


def _target(request: HttpRequest) -> str:
    # The signed URI is the public one the peer knows from the card.
    suffix = request.get_full_path()[len(PATH_PREFIX) :]
    return settings.EXCHANGE_URL.rstrip("/") + suffix


def _verify(request: HttpRequest) -> tuple[Peer, httpsig.Signed]:
    trusted = keys.peer_public_keys(active_only=True)
    try:
        signed = httpsig.verify(
            request.method or "",
            _target(request),
            dict(request.headers),
            {kid: key for kid, (_peer, key) in trusted.items()},
            window_seconds=settings.EXCHANGE_SIGNATURE_WINDOW_SECONDS,
        )
    except httpsig.SignatureError as error:
        security.warning("RefusedError exchange request %s: %s", request.path, error.code)
        raise RefusedError(error.status, error.code, error.detail) from None
    return trusted[signed.kid][0], signed


def _accept(request: HttpRequest, peer: Peer, signed: httpsig.Signed, ids: list[str]) -> int:
    """Store the nonce and the log record before anything else; fail closed."""
    try:
        with transaction.atomic():
            SeenNonce.objects.create(kid=signed.kid, nonce=signed.nonce)
            return logbook.before(
                direction=logbook.IN,
                peer_url=peer.url,
                method=request.method or "",
                target=_target(request),
                digest=request.headers.get("Content-Digest", ""),
                kid=signed.kid,
                message_ids=ids,
            )
    except IntegrityError:
        security.warning("RefusedError a replayed exchange request from %s", peer.url)
        raise RefusedError(401, "replayed", "This request was received before.") from None
    except DatabaseError:
        logger.exception("Transaction log unavailable; refusing the request")
        raise RefusedError(
            503, "log_unavailable", "The transaction log cannot be written."
        ) from None


def signed_endpoint(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RefusedError as refused:
            return refused.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return csrf_exempt(wrapper)


@require_GET
def card(request: HttpRequest) -> JsonResponse:
    """The contact card: public on purpose, it holds only public keys."""
    return JsonResponse(keys.card())


def _read_body(request: HttpRequest, signed: httpsig.Signed) -> bytes:
    length = int(request.headers.get("Content-Length") or 0)
    if length > MAX_BATCH_BYTES:
        raise RefusedError(413, "too_large", "The batch is too large.")
    body = request.body
    if hashlib.sha256(body).digest() != signed.digest:
        security.warning("RefusedError an exchange request whose body does not match its digest")
        raise RefusedError(400, "digest_mismatch", "The body does not match its Content-Digest.")
    return body


@signed_endpoint
@require_POST
def messages(request: HttpRequest) -> HttpResponse:
    peer, signed = _verify(request)
    body = _read_body(request, signed)
    try:
        batch = json.loads(body)
        items, signals = batch.get("berichten", []), batch.get("statussen", [])
        if not isinstance(items, list) or not isinstance(signals, list):
            raise TypeError
    except (ValueError, AttributeError, TypeError):
        raise RefusedError(400, "batch_invalid", "The batch must be JSON with lists.") from None

    ids = [str(item.get("id")) for item in items if isinstance(item, dict)]
    log_id = _accept(request, peer, signed, ids)
    answer = receiver.accept(peer, items, signals)
    logbook.after(log_id, 200, "ok")
    return JsonResponse(answer)


@signed_endpoint
@require_GET
def attachment_status(request: HttpRequest, sha256: str) -> HttpResponse:
    peer, signed = _verify(request)
    _read_body(request, signed)
    if not blobs.valid_sha256(sha256):
        raise RefusedError(400, "sha256_invalid", "Not a SHA-256.")
    _accept(request, peer, signed, [])
    # Touched, not just looked at: the sender skips the upload on this answer.
    complete = blobs.touch(sha256)
    parts = [] if complete else sorted(blobs.received_parts(sha256))
    return JsonResponse({"compleet": complete, "delen": parts})


def _stream(request: HttpRequest, length: int) -> Iterator[bytes]:
    remaining = length
    while remaining > 0:
        chunk = request.read(min(blobs.CHUNK, remaining))
        if not chunk:
            raise RefusedError(400, "body_short", "The part ended early.")
        remaining -= len(chunk)
        yield chunk


@signed_endpoint
@require_http_methods(["PUT"])
def attachment_part(request: HttpRequest, sha256: str, number: int) -> HttpResponse:
    peer, signed = _verify(request)
    if not blobs.valid_sha256(sha256):
        raise RefusedError(400, "sha256_invalid", "Not a SHA-256.")
    length = int(request.headers.get("Content-Length") or 0)
    if length > settings.EXCHANGE_PART_BYTES:
        raise RefusedError(413, "too_large", "The part is larger than allowed.")
    log_id = _accept(request, peer, signed, [])
    try:
        size = blobs.store_part(sha256, number, _stream(request, length), signed.digest)
    except blobs.BlobError as error:
        logbook.after(log_id, 400, error.code)
        raise RefusedError(400, error.code, error.detail) from None
    logbook.after(log_id, 200, "ok")
    return JsonResponse({"nummer": number, "grootte": size})


@signed_endpoint
@require_POST
def attachment_complete(request: HttpRequest, sha256: str) -> HttpResponse:
    peer, signed = _verify(request)
    body = _read_body(request, signed)
    try:
        announced = json.loads(body)
        count, total = int(announced["delen"]), int(announced["grootte"])
    except (ValueError, KeyError, TypeError):
        raise RefusedError(400, "completion_invalid", "delen and grootte are required.") from None
    if total > settings.EXCHANGE_MAX_ATTACHMENT_BYTES:
        raise RefusedError(413, "too_large", "The attachment is larger than allowed.")
    log_id = _accept(request, peer, signed, [])
    try:
        blobs.complete(sha256, count, total)
    except blobs.BlobError as error:
        logbook.after(log_id, 409, error.code)
        # 409 is not final for the sender: the transfer starts over.
        raise RefusedError(409, error.code, error.detail) from None
    logbook.after(log_id, 200, "ok")
    return JsonResponse({"compleet": True})
