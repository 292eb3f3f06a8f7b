"""The endpoint between installations: only signed, fresh, intact requests get in."""

import hashlib
import json
import time
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import DatabaseError

from samen.errors import Invalid
from samen.exchange import envelope, httpsig, jws, keys, logbook, peers
from samen.exchange.ids import uuid7
from samen.exchange.models import Box, Message, TransactionLog

PEER_OIN = "00000001003214345000"


class Peer:
    """A peer installation as the receiver sees it: a key and a trusted card."""

    def __init__(self, world):
        self.key = Ed25519PrivateKey.generate()
        self.jwk = jws.public_jwk(self.key.public_key())
        card = {
            "naam": "Andere installatie",
            "url": "https://andere.example/uitwisseling/v1",
            "organisaties": [{"oin": PEER_OIN, "naam": "Gemeente Elders"}],
            "sleutels": [self.jwk],
        }
        self.row = peers.trust(actor=None, card=card, own_oins=set())
        self.world = world

    def headers(self, method, path, body=b"", *, key=None, settings_url=None):
        from django.conf import settings

        target = (settings_url or settings.EXCHANGE_URL) + path
        return httpsig.sign(
            method, target, httpsig.digest_of(body), self.jwk["kid"], key or self.key
        )

    def envelope(self, **fields):
        return {
            "id": str(uuid7()),
            "afzender": {"oin": PEER_OIN, "naam": "Gemeente Elders"},
            "ontvanger": {"oin": self.world.municipality.oin, "naam": "Gemeente Zwolle"},
            "conversatieId": str(uuid7()),
            "antwoordOp": None,
            "soort": "informatie",
            "onderwerp": "Vergunning",
            "inhoud": "Zie bijlage.",
            "vertrouwelijkheidaanduiding": "intern",
            "antwoordVoor": None,
            "verzondenOp": "2026-12-03T10:00:00.000000Z",
            "bijlagen": [],
        } | fields

    def post(self, client, items, *, headers=None, body=None):
        body = body if body is not None else json.dumps({"berichten": items}).encode()
        headers = headers or self.headers("POST", "/berichten", body)
        return client.post(
            "/uitwisseling/v1/berichten", body, content_type="application/json", headers=headers
        )


@pytest.fixture
def peer(mailboxes):
    return Peer(mailboxes)


def test_a_signed_batch_is_received_with_a_receipt_that_verifies(peer, client):
    sent = peer.envelope()

    response = peer.post(client, [sent])

    assert response.status_code == 200
    token = response.json()["berichten"][0]["ontvangstbevestiging"]
    receipt = jws.verify(token, keys.own_public_keys(), envelope.RECEIPT_TYPE)
    assert receipt["berichtSha256"] == envelope.sha256_of(sent)
    assert receipt["ontvanger"] == peer.world.municipality.oin
    assert Message.objects.filter(box=Box.INBOX, message_id=sent["id"]).count() == 1
    assert TransactionLog.objects.filter(direction="in").count() == 1


def test_an_unsigned_request_gets_401_and_nothing_is_stored(peer, client):
    response = client.post(
        "/uitwisseling/v1/berichten",
        json.dumps({"berichten": [peer.envelope()]}),
        content_type="application/json",
    )

    assert response.status_code == 401
    assert response.json()["code"] == "signature_missing"
    assert not Message.objects.exists()
    assert not TransactionLog.objects.exists()


def test_an_unknown_key_gets_403(peer, client):
    stranger = Ed25519PrivateKey.generate()
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    headers = httpsig.sign(
        "POST",
        "http://testserver/uitwisseling/v1/berichten",
        httpsig.digest_of(body),
        jws.public_jwk(stranger.public_key())["kid"],
        stranger,
    )

    response = peer.post(client, [], headers=headers, body=body)

    assert response.status_code == 403
    assert response.json()["code"] == "key_unknown"
    assert not Message.objects.exists()


def test_a_signature_by_another_key_under_a_known_kid_gets_401(peer, client):
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    headers = peer.headers("POST", "/berichten", body, key=Ed25519PrivateKey.generate())

    response = peer.post(client, [], headers=headers, body=body)

    assert response.status_code == 401
    assert response.json()["code"] == "signature_invalid"
    assert not Message.objects.exists()


def test_a_request_signed_for_another_address_gets_401(peer, client):
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    headers = peer.headers("POST", "/berichten", body, settings_url="https://elders.example/v1")

    response = peer.post(client, [], headers=headers, body=body)

    assert response.status_code == 401
    assert not Message.objects.exists()


def test_a_replayed_request_gets_401_and_is_stored_once(peer, client):
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    headers = peer.headers("POST", "/berichten", body)
    first = peer.post(client, [], headers=headers, body=body)

    again = peer.post(client, [], headers=headers, body=body)

    assert first.status_code == 200
    assert again.status_code == 401
    assert again.json()["code"] == "replayed"
    assert Message.objects.filter(box=Box.INBOX).count() == 1


def test_an_old_request_gets_401(peer, client, monkeypatch):
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    real = time.time
    monkeypatch.setattr(httpsig.time, "time", lambda: real() - 3600)
    headers = peer.headers("POST", "/berichten", body)
    monkeypatch.setattr(httpsig.time, "time", real)

    response = peer.post(client, [], headers=headers, body=body)

    assert response.status_code == 401
    assert response.json()["code"] == "signature_expired"
    assert not Message.objects.exists()


def test_a_changed_body_under_a_valid_signature_gets_400(peer, client):
    body = json.dumps({"berichten": [peer.envelope()]}).encode()
    headers = peer.headers("POST", "/berichten", body)
    changed = body.replace(b"Vergunning", b"Vervalsing")

    response = peer.post(client, [], headers=headers, body=changed)

    assert response.status_code == 400
    assert response.json()["code"] == "digest_mismatch"
    assert not Message.objects.exists()
    assert not TransactionLog.objects.exists()


def test_when_the_log_cannot_be_written_the_request_is_refused(peer, client, monkeypatch):
    def broken(**kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(logbook, "before", broken)

    response = peer.post(client, [peer.envelope()])

    assert response.status_code == 503
    assert response.json()["code"] == "log_unavailable"
    assert not Message.objects.exists()


def test_a_message_for_an_organisation_the_peer_does_not_host_is_refused(peer, client):
    forged = peer.envelope(afzender={"oin": peer.world.province.oin, "naam": "Provincie"})

    response = peer.post(client, [forged])

    result = response.json()["berichten"][0]
    assert response.status_code == 200
    assert result["fout"]["code"] == "sender_not_allowed"
    assert result["fout"]["definitief"] is True
    assert not Message.objects.exists()


def test_a_message_whose_attachment_has_not_arrived_is_refused_for_now(peer, client):
    attachment = {"nummer": 1, "naam": "a.pdf", "mediatype": "application/pdf", "grootte": 3}
    attachment["sha256"] = hashlib.sha256(b"abc").hexdigest()

    response = peer.post(client, [peer.envelope(bijlagen=[attachment])])

    assert response.json()["berichten"][0]["fout"]["code"] == "attachment_missing"
    assert response.json()["berichten"][0]["fout"]["definitief"] is False
    assert not Message.objects.exists()


def _put_part(peer, client, sha256, number, data, *, digest_of=None):
    path = f"/bijlagen/{sha256}/delen/{number}"
    headers = peer.headers("PUT", path, digest_of if digest_of is not None else data)
    return client.generic(
        "PUT",
        "/uitwisseling/v1" + path,
        data,
        content_type="application/octet-stream",
        headers=headers,
    )


def _signed_get(peer, client, path):
    return client.get("/uitwisseling/v1" + path, headers=peer.headers("GET", path))


def test_parts_are_resumable_and_joined_into_the_attachment(peer, client):
    data = b"deel-een|" * 100 + b"deel-twee"
    sha256 = hashlib.sha256(data).hexdigest()
    first = _put_part(peer, client, sha256, 0, data[:500])
    status = _signed_get(peer, client, f"/bijlagen/{sha256}").json()
    second = _put_part(peer, client, sha256, 1, data[500:])
    done_body = json.dumps({"delen": 2, "grootte": len(data)}).encode()
    path = f"/bijlagen/{sha256}/voltooien"

    done = client.post(
        "/uitwisseling/v1" + path,
        done_body,
        content_type="application/json",
        headers=peer.headers("POST", path, done_body),
    )

    assert first.status_code == 200
    assert status == {"compleet": False, "delen": [0]}
    assert second.status_code == 200
    assert done.status_code == 200
    assert _signed_get(peer, client, f"/bijlagen/{sha256}").json()["compleet"] is True


def test_a_part_with_a_wrong_hash_is_refused_and_not_kept(peer, client):
    data = b"inhoud van een deel"
    sha256 = hashlib.sha256(data).hexdigest()

    response = _put_part(peer, client, sha256, 0, data, digest_of=b"iets anders")

    assert response.status_code == 400
    assert response.json()["code"] == "part_hash_mismatch"
    assert _signed_get(peer, client, f"/bijlagen/{sha256}").json()["delen"] == []


def test_joined_parts_with_a_wrong_overall_hash_fail_the_transfer(peer, client):
    sha256 = hashlib.sha256(b"wat het had moeten zijn").hexdigest()
    _put_part(peer, client, sha256, 0, b"iets anders")
    body = json.dumps({"delen": 1, "grootte": len(b"iets anders")}).encode()
    path = f"/bijlagen/{sha256}/voltooien"

    response = client.post(
        "/uitwisseling/v1" + path,
        body,
        content_type="application/json",
        headers=peer.headers("POST", path, body),
    )

    assert response.status_code == 409
    assert response.json()["code"] == "hash_mismatch"
    assert _signed_get(peer, client, f"/bijlagen/{sha256}").json() == {
        "compleet": False,
        "delen": [],
    }


def test_card_lists_url_organisations_and_keys(mailboxes, client):
    response = client.get("/uitwisseling/v1/kaart")

    card = response.json()
    assert response.status_code == 200
    assert card["url"] == "http://testserver/uitwisseling/v1"
    assert mailboxes.municipality.oin in {o["oin"] for o in card["organisaties"]}
    assert card["sleutels"][0]["kty"] == "OKP"


def test_a_rotated_key_keeps_old_receipts_valid(peer, client):
    sent = peer.envelope()
    token = peer.post(client, [sent]).json()["berichten"][0]["ontvangstbevestiging"]
    old_kid = jws.unverified_header(token)["kid"]

    keys.rotate()

    statuses = {k["kid"]: k["status"] for k in keys.card()["sleutels"]}
    assert statuses[old_kid] == "uitgefaseerd"
    assert list(statuses.values()).count("actief") == 1
    assert (
        jws.verify(token, keys.own_public_keys(), envelope.RECEIPT_TYPE)["berichtId"] == sent["id"]
    )


def test_a_card_that_claims_our_organisations_is_refused(mailboxes):
    key = jws.public_jwk(Ed25519PrivateKey.generate().public_key())
    card = {
        "url": "https://kaper.example/v1",
        "organisaties": [{"oin": mailboxes.province.oin, "naam": "Nep"}],
        "sleutels": [key],
    }

    with pytest.raises(Invalid) as refused:
        peers.trust(actor=None, card=card, own_oins={mailboxes.province.oin})

    assert refused.value.code == "card_claims_own"


def test_uuid7_ids_are_version_7_and_ordered():
    ids = [uuid7() for _ in range(1000)]

    assert all(i.version == 7 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == 1000
    assert isinstance(ids[0], uuid.UUID)
