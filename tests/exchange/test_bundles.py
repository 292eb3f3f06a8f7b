"""Sending a bundle of messages: all or nothing, one audit entry per message."""

from samen.audit.actions import Entry, record_many
from samen.audit.chain import verify_chain
from samen.audit.models import AuditEntry, AuditHead
from samen.exchange.models import Delivery, Message
from tests.conftest import MUNICIPALITY_OIN, api_client_for

UNKNOWN_OIN = "00000009999999999000"
URL = "/api/v1/berichten/bundels"


def _bundle(count: int, **overrides: dict) -> dict:
    items = [
        {"ontvanger": MUNICIPALITY_OIN, "onderwerp": f"Melding {n}", "inhoud": "Tekst"}
        for n in range(count)
    ]
    for position, fields in overrides.items():
        items[int(position.removeprefix("item"))] |= fields
    return {"berichten": items}


def test_holder_sends_a_bundle_that_is_queued_and_audited(mailboxes):
    response = api_client_for(mailboxes.owner).post(URL, _bundle(5), format="json")

    assert response.status_code == 201
    sent = response.json()["berichten"]
    assert {m["status"] for m in sent} == {"wachtrij"}
    assert all(m["url"].endswith(f"/api/v1/berichten/{m['id']}") for m in sent)
    ids = {m["id"] for m in sent}
    subjects = Message.objects.filter(pk__in=ids).values_list("subject", flat=True)
    assert sorted(subjects) == [f"Melding {n}" for n in range(5)]
    assert {str(i) for i in Delivery.objects.values_list("message_id", flat=True)} == ids
    audited = AuditEntry.objects.filter(action="exchange.message_sent")
    assert set(audited.values_list("object_id", flat=True)) == ids
    assert verify_chain() is None


def test_one_bad_message_refuses_the_bundle_and_stores_nothing(mailboxes):
    bundle = _bundle(4, item2={"ontvanger": UNKNOWN_OIN}, item3={"onderwerp": ""})

    response = api_client_for(mailboxes.owner).post(URL, bundle, format="json")

    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/problem+json")
    params = {p["name"]: p["code"] for p in response.json()["invalidParams"]}
    assert params == {"[2].ontvanger": "receiver_unknown", "[3].onderwerp": "subject_invalid"}
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()


def test_a_bundle_of_something_else_than_objects_is_refused(mailboxes):
    response = api_client_for(mailboxes.owner).post(URL, {"berichten": ["x"]}, format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "[0]"
    assert not Message.objects.exists()


def test_colleague_without_the_right_gets_403_and_nothing_is_stored(mailboxes):
    response = api_client_for(mailboxes.colleague).post(URL, _bundle(2), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "mailbox_right_missing"
    assert not Message.objects.exists()


def test_outsider_gets_403_and_nothing_is_stored(mailboxes):
    response = api_client_for(mailboxes.outsider).post(URL, _bundle(2), format="json")

    assert response.status_code == 403
    assert not Message.objects.exists()


def test_record_many_chains_each_entry_and_moves_the_head_once(mailboxes):
    before = AuditHead.objects.get().position
    entries = [
        Entry(actor=mailboxes.owner, action="test.many", object_type="thing", object_id=n)
        for n in range(3)
    ]

    rows = record_many(entries)

    assert [r.position for r in rows] == [before + 1, before + 2, before + 3]
    assert rows[1].previous_hash == rows[0].hash
    assert AuditHead.objects.get().hash == rows[-1].hash
    assert verify_chain() is None


def test_record_many_of_nothing_leaves_the_chain_as_it_was(mailboxes):
    head = AuditHead.objects.get()

    assert record_many([]) == []
    assert AuditHead.objects.get().position == head.position
