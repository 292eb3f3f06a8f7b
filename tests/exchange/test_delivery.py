"""The outbox: retries with backoff, final errors, the persist duration, resending."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samen.exchange import actions, delivery, transport
from samen.exchange.models import Delivery, DeliveryState, Message, Peer, PeerOrganisation, Status

REMOTE_OIN = "00000001003214345000"


@pytest.fixture
def remote(mailboxes):
    peer = Peer.objects.create(name="Elders", url="https://elders.example/v1", card={})
    PeerOrganisation.objects.create(peer=peer, oin=REMOTE_OIN, name="Gemeente Elders")
    return peer


def _send(world):
    return actions.send_message(
        actor=world.owner, sender=world.province, receiver_oin=REMOTE_OIN, subject="Onderwerp"
    )


def _failing(error):
    def send(peer, batch, ids, body=None):
        raise error

    return send


def test_a_connection_error_is_retried_with_backoff(mailboxes, remote, monkeypatch):
    message = _send(mailboxes)
    monkeypatch.setattr(transport, "send_batch", _failing(transport.TransportError("refused")))

    delivery.deliver_batch()

    item = Delivery.objects.get(message=message)
    message.refresh_from_db()
    assert item.state == DeliveryState.PENDING
    assert item.attempts == 1
    assert item.next_attempt_at > timezone.now()
    assert message.status == Status.SENT
    assert delivery.deliver_batch() == 0  # not due yet


def test_backoff_doubles_up_to_the_cap(settings):
    settings.EXCHANGE_BACKOFF_BASE_SECONDS = 1
    settings.EXCHANGE_BACKOFF_MAX_SECONDS = 30

    waits = [delivery.backoff(n).total_seconds() for n in range(1, 8)]

    assert waits == [1, 2, 4, 8, 16, 30, 30]


def test_a_4xx_answer_is_final_with_its_reason(mailboxes, remote, monkeypatch):
    message = _send(mailboxes)
    error = transport.TransportError("HTTP 400 batch_invalid: bad", final=True, status=400)
    monkeypatch.setattr(transport, "send_batch", _failing(error))

    delivery.deliver_batch()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "batch_invalid" in message.failure_reason
    assert Delivery.objects.get(message=message).state == DeliveryState.FAILED


def test_after_the_persist_duration_a_retryable_error_becomes_final(mailboxes, remote, monkeypatch):
    message = _send(mailboxes)
    Delivery.objects.filter(message=message).update(
        expires_at=timezone.now() + timedelta(seconds=1)
    )
    monkeypatch.setattr(transport, "send_batch", _failing(transport.TransportError("timeout")))

    delivery.deliver_batch()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "persist duration" in message.failure_reason


def test_a_failed_message_can_be_sent_again_and_arrives(mailboxes, deliver, monkeypatch):
    message = actions.send_message(
        actor=mailboxes.owner,
        sender=mailboxes.province,
        receiver_oin=mailboxes.municipality.oin,
        subject="Onderwerp",
    )
    Delivery.objects.filter(message=message).update(state=DeliveryState.FAILED)
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED, failure_reason="x")
    message.refresh_from_db()

    actions.resend(actor=mailboxes.owner, message=message)
    deliver()

    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.failure_reason == ""


def test_a_claimed_entry_is_not_claimed_again_until_its_lease_ends(mailboxes, remote):
    _send(mailboxes)

    first = delivery.claim(10)
    second = delivery.claim(10)

    assert len(first) == 1
    assert second == []


def test_the_worker_loop_is_registered():
    from samen.exchange import tasks
    from samen.worker import loops

    names = {loop.name for loop in loops.registered()}

    assert tasks.deliver_batch is delivery.deliver_batch
    assert "exchange.outbox" in names


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_claim_the_same_entry(mailboxes, remote):
    import threading

    for _ in range(60):
        _send(mailboxes)
    barrier = threading.Barrier(2)
    claimed: list[list[int]] = []

    def worker() -> None:
        from django.db import connection

        barrier.wait()
        try:
            claimed.append([item.pk for item in delivery.claim(40)])
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    first, second = claimed
    assert not set(first) & set(second)
    assert len(first) + len(second) == 60


def test_nothing_is_sent_when_the_senders_log_cannot_be_written(mailboxes, remote, monkeypatch):
    from django.db import DatabaseError

    from samen.exchange import logbook

    message = _send(mailboxes)
    sent = []

    def broken(**kwargs):
        raise DatabaseError("disk full")

    class Recorder:
        def request(self, *args, **kwargs):
            sent.append(args)
            raise AssertionError("must not be called")

    monkeypatch.setattr(logbook, "before", broken)
    monkeypatch.setattr(transport, "_client", lambda peer: Recorder())

    delivery.deliver_batch()

    assert sent == []
    assert Delivery.objects.get(message=message).state == DeliveryState.PENDING


def _signing_peer(peer):
    """Give the test peer a key, so that receipts it 'signs' verify here."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from samen.exchange import jws
    from samen.exchange.models import KeyStatus, PeerKey

    key = Ed25519PrivateKey.generate()
    jwk = jws.public_jwk(key.public_key())
    PeerKey.objects.create(kid=jwk["kid"], peer=peer, jwk=jwk, status=KeyStatus.ACTIVE)
    return jwk["kid"], key


def _answering(signer, sent, sha256=None):
    """A peer that stores nothing and answers each message with a signed receipt."""
    import json

    from samen.exchange import envelope

    def send(peer, batch, ids, body=None):
        sent.append(body)
        return {
            "berichten": [
                {
                    "id": item["id"],
                    "ontvangstbevestiging": envelope.make_receipt(
                        item, timezone.now(), signer, sha256=sha256
                    ),
                }
                for item in json.loads(body)["berichten"]
            ],
            "statussen": [],
        }

    return send


def test_the_body_sent_holds_the_canonical_envelope_and_its_receipt_counts(
    mailboxes, remote, monkeypatch
):
    import hashlib

    import rfc8785

    from samen.exchange import envelope

    message = _send(mailboxes)
    sent: list[bytes] = []
    monkeypatch.setattr(transport, "send_batch", _answering(_signing_peer(remote), sent))

    delivery.deliver_batch()

    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    canonical = rfc8785.dumps(envelope.of_message(message))
    assert sent[0].startswith(b'{"berichten":[' + canonical + b"]")
    assert hashlib.sha256(canonical).hexdigest() == message.envelope_sha256


def test_a_receipt_naming_another_hash_is_a_final_failure(mailboxes, remote, monkeypatch):
    message = _send(mailboxes)
    signer = _signing_peer(remote)
    monkeypatch.setattr(transport, "send_batch", _answering(signer, [], sha256="0" * 64))

    delivery.deliver_batch()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert "berichtSha256" in message.failure_reason
    assert message.receipt_jws == ""
