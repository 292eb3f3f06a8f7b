"""Signed HTTP requests to a peer installation, and attachment uploads in parts."""

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx
from django.conf import settings

from samen.exchange import blobs, httpsig, keys, logbook, tls
from samen.exchange.models import Peer

logger = logging.getLogger(__name__)


@dataclass
class TransportError(Exception):
    """A request that did not succeed; final for 4xx, to be retried otherwise."""

    reason: str
    final: bool = False
    status: int | None = None


# Answers that are 4xx but not final: a part or body damaged on the way, a
# peer that has not yet trusted a rotated key, a clock off by a little.
RETRYABLE_STATUS = {408, 409, 425, 429}
RETRYABLE_CODES = {
    "part_hash_mismatch",
    "digest_mismatch",
    "body_short",
    "key_unknown",
    "signature_expired",
    "replayed",
}

_clients: dict[str, httpx.Client] = {}


def _client(peer: Peer) -> httpx.Client:
    # One pooled client per peer keeps connections alive between batches.
    client = _clients.get(peer.url)
    if client is None:
        timeout = httpx.Timeout(settings.EXCHANGE_TIMEOUT_SECONDS, connect=5.0)
        # The client certificate of mutual TLS, when configured (tls.py).
        client = httpx.Client(timeout=timeout, verify=tls.outgoing_verify())
        _clients[peer.url] = client
    return client


def request(
    peer: Peer,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    stream: Any = None,
    digest: str | None = None,
    length: int | None = None,
    message_ids: list[str] | None = None,
) -> httpx.Response:
    """A signed request, logged before it is sent; TransportError unless 2xx."""
    target = peer.url.rstrip("/") + path
    digest = digest or httpsig.digest_of(body or b"")
    kid, key = keys.active_key()
    headers = httpsig.sign(method, target, digest, kid, key)
    if body is not None:
        headers["Content-Type"] = "application/json"
    if length is not None:
        headers["Content-Length"] = str(length)
        headers["Content-Type"] = "application/octet-stream"

    log_id = logbook.before(
        direction=logbook.OUT,
        peer_url=peer.url,
        method=method,
        target=target,
        digest=digest,
        kid=kid,
        message_ids=message_ids or [],
    )
    try:
        response = _client(peer).request(
            method, target, content=body if stream is None else stream, headers=headers
        )
    except httpx.HTTPError as exc:
        reason = f"{exc.__class__.__name__}: {exc}"[:500]
        logbook.after(log_id, None, reason)
        raise TransportError(reason) from exc

    logbook.after(log_id, response.status_code, response.text[:500] if response.is_error else "ok")
    if response.is_success:
        return response
    reason, code = _problem(response)
    final = 400 <= response.status_code < 500 and not (
        response.status_code in RETRYABLE_STATUS or code in RETRYABLE_CODES
    )
    raise TransportError(reason, final=final, status=response.status_code)


def _problem(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
        code = str(body.get("code", ""))
        return f"HTTP {response.status_code} {code}: {body.get('detail', '')}", code
    except (ValueError, AttributeError):
        return f"HTTP {response.status_code}", ""


def send_batch(
    peer: Peer, batch: dict[str, Any], message_ids: list[str], *, body: bytes | None = None
) -> dict[str, Any]:
    """POST a batch; `body` is the batch already encoded, when the caller has it."""
    if body is None:
        body = json.dumps(batch, separators=(",", ":")).encode("utf-8")
    response = request(peer, "POST", "/berichten", body=body, message_ids=message_ids)
    try:
        answer = response.json()
    except ValueError:
        raise TransportError("The peer's answer is not JSON.") from None
    if not isinstance(answer, dict):
        raise TransportError("The peer's answer is not an object.")
    return answer


def upload(peer: Peer, sha256: str, message_id: str) -> None:
    """Make sure the peer has the blob: send only the parts it lacks, then join."""
    status = request(peer, "GET", f"/bijlagen/{sha256}", message_ids=[message_id]).json()
    if status.get("compleet"):
        return

    have = {int(n) for n in status.get("delen", [])}
    total, part = blobs.size(sha256), settings.EXCHANGE_PART_BYTES
    count = max(1, -(-total // part))
    for number in range(count):
        if number in have:
            continue
        start = number * part
        length = min(part, total - start)
        digest = hashlib.sha256()
        for chunk in blobs.iter_blob(sha256, start, length):
            digest.update(chunk)
        request(
            peer,
            "PUT",
            f"/bijlagen/{sha256}/delen/{number}",
            stream=blobs.iter_blob(sha256, start, length),
            digest=httpsig.content_digest(digest.digest()),
            length=length,
            message_ids=[message_id],
        )

    done = json.dumps({"delen": count, "grootte": total}).encode("utf-8")
    request(peer, "POST", f"/bijlagen/{sha256}/voltooien", body=done, message_ids=[message_id])
