"""The berichten API with personas: mailbox holder, colleague without the right, outsider."""

import io
import uuid

import pytest

from samen.exchange.models import Box, Delivery, Message, Status
from tests.conftest import MUNICIPALITY_OIN, api_client_for

UNKNOWN_OIN = "00000009999999999000"


def _new(**fields):
    return {"ontvanger": MUNICIPALITY_OIN, "onderwerp": "Beschikking", "inhoud": "Tekst"} | fields


def test_holder_sends_a_message_that_is_queued(mailboxes):
    response = api_client_for(mailboxes.owner).post("/api/v1/berichten", _new(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "wachtrij"
    assert body["ontvanger"] == {"oin": MUNICIPALITY_OIN, "naam": "Gemeente Zwolle"}
    assert body["url"].endswith(f"/api/v1/berichten/{body['id']}")
    assert Delivery.objects.filter(message_id=body["id"], state="pending").count() == 1


def test_colleague_without_the_right_gets_403_and_nothing_is_stored(mailboxes):
    response = api_client_for(mailboxes.colleague).post("/api/v1/berichten", _new(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "mailbox_right_missing"
    assert not Message.objects.exists()


def test_colleague_without_the_right_cannot_list(mailboxes):
    response = api_client_for(mailboxes.colleague).get("/api/v1/berichten?map=outbox")

    assert response.status_code == 403


def test_outsider_gets_404_for_a_message(mailboxes):
    sent = api_client_for(mailboxes.owner).post("/api/v1/berichten", _new(), format="json").json()

    response = api_client_for(mailboxes.outsider).get(f"/api/v1/berichten/{sent['id']}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ontvanger": UNKNOWN_OIN}, "receiver_unknown"),
        ({"antwoordOp": str(uuid.uuid4())}, "reply_unknown"),
        ({"soort": "antwoord"}, "reply_required"),
        ({"vertrouwelijkheidaanduiding": "supergeheim"}, "vertrouwelijkheidaanduiding_unknown"),
        ({"bijlagen": [str(uuid.uuid4())]}, "attachment_not_visible"),
        ({"onderwerp": ""}, "blank"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(mailboxes, fields, code):
    response = api_client_for(mailboxes.owner).post(
        "/api/v1/berichten", _new(**fields), format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Message.objects.exists()
    assert not Delivery.objects.exists()


def test_an_organisation_without_a_trusted_installation_is_refused(mailboxes, settings):
    settings.EXCHANGE_ORGANISATIONS = [mailboxes.province.oin]

    response = api_client_for(mailboxes.owner).post("/api/v1/berichten", _new(), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "receiver_untrusted"


def test_too_large_an_upload_is_refused(mailboxes, settings):
    settings.EXCHANGE_MAX_ATTACHMENT_BYTES = 10
    upload = io.BytesIO(b"x" * 100)
    upload.name = "groot.bin"

    response = api_client_for(mailboxes.owner).post(
        "/api/v1/berichten", _new(bestanden=[upload]), format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "attachment_too_large"
    assert not Message.objects.exists()


def test_receiver_reads_delivered_message_with_its_receipt(mailboxes, deliver):
    upload = io.BytesIO(b"%PDF-1.4 inhoud")
    upload.name = "besluit.pdf"
    sent = (
        api_client_for(mailboxes.owner)
        .post("/api/v1/berichten", _new(bestanden=[upload]), format="multipart")
        .json()
    )
    deliver()
    receiver = api_client_for(mailboxes.partner)

    listed = receiver.get("/api/v1/berichten?map=inbox").json()
    detail = receiver.get(listed["results"][0]["url"]).json()
    content = receiver.get(detail["bijlagen"][0]["inhoud"])

    assert listed["count"] == 1
    assert detail["berichtId"] == sent["berichtId"]
    assert detail["ontvangstbevestiging"].count(".") == 2
    assert content.status_code == 200
    assert b"".join(content.streaming_content) == b"%PDF-1.4 inhoud"
    assert content["X-Content-Type-Options"] == "nosniff"
    outbox = Message.objects.get(box=Box.OUTBOX, pk=sent["id"])
    assert outbox.status == Status.DELIVERED


def test_sender_sees_receipt_and_later_the_read_receipt(mailboxes, deliver):
    holder = api_client_for(mailboxes.owner)
    sent = holder.post("/api/v1/berichten", _new(), format="json").json()
    deliver()
    delivered = holder.get(sent["url"]).json()
    inbox_copy = Message.objects.get(box=Box.INBOX, message_id=sent["berichtId"])
    api_client_for(mailboxes.partner).get(f"/api/v1/berichten/{inbox_copy.pk}")
    deliver()

    read = holder.get(sent["url"]).json()

    assert delivered["status"] == "afgeleverd"
    assert delivered["ontvangstbevestiging"]
    assert read["status"] == "gelezen"
    assert read["leesbevestiging"]


def test_a_reply_keeps_the_conversation(mailboxes, deliver):
    sent = api_client_for(mailboxes.owner).post("/api/v1/berichten", _new(), format="json").json()
    deliver()
    inbox_copy = Message.objects.get(box=Box.INBOX, message_id=sent["berichtId"])

    reply = api_client_for(mailboxes.partner).post(
        "/api/v1/berichten",
        {
            "ontvanger": mailboxes.province.oin,
            "onderwerp": "Re: Beschikking",
            "soort": "antwoord",
            "antwoordOp": str(inbox_copy.pk),
        },
        format="json",
    )

    assert reply.status_code == 201
    assert reply.json()["conversatieId"] == sent["conversatieId"]
    assert reply.json()["antwoordOp"] == sent["berichtId"]


def test_request_is_marked_done_by_receiver_and_sender_sees_it(mailboxes, deliver):
    holder = api_client_for(mailboxes.owner)
    sent = holder.post("/api/v1/berichten", _new(soort="verzoek"), format="json").json()
    deliver()
    inbox_copy = Message.objects.get(box=Box.INBOX, message_id=sent["berichtId"])

    done = api_client_for(mailboxes.partner).post(
        f"/api/v1/berichten/{inbox_copy.pk}/actie-status", {"actieStatus": "gereed"}, format="json"
    )
    deliver()

    assert done.status_code == 200
    assert holder.get(sent["url"]).json()["actieStatus"] == "gereed"


def test_sender_cannot_mark_its_own_request_done(mailboxes):
    holder = api_client_for(mailboxes.owner)
    sent = holder.post("/api/v1/berichten", _new(soort="verzoek"), format="json").json()

    response = holder.post(
        f"/api/v1/berichten/{sent['id']}/actie-status", {"actieStatus": "gereed"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "action_status_not_allowed"


def test_resend_is_refused_for_a_message_that_did_not_fail(mailboxes):
    holder = api_client_for(mailboxes.owner)
    sent = holder.post("/api/v1/berichten", _new(), format="json").json()

    response = holder.post(f"/api/v1/berichten/{sent['id']}/opnieuw-versturen")

    assert response.status_code == 409
    assert response.json()["code"] == "not_failed"


def test_directory_lists_known_organisations(mailboxes):
    response = api_client_for(mailboxes.owner).get("/api/v1/adresboek")

    assert response.status_code == 200
    assert MUNICIPALITY_OIN in {entry["oin"] for entry in response.json()["results"]}
