"""The mailbox pages with personas."""

import io

from django.test import Client

from samen.exchange import actions
from samen.exchange.models import Box, MailboxGrant, Message, Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(world):
    return actions.send_message(
        actor=world.owner,
        sender=world.province,
        receiver_oin=world.municipality.oin,
        subject="Beschikking",
    )


def test_holder_sees_the_outbox(mailboxes):
    _send(mailboxes)

    response = _client(mailboxes.owner).get("/berichten?map=outbox")

    assert response.status_code == 200
    assert "Beschikking" in response.content.decode()


def test_colleague_without_the_right_gets_403(mailboxes):
    response = _client(mailboxes.colleague).get("/berichten")

    assert response.status_code == 403


def test_outsider_gets_404_for_a_message(mailboxes):
    message = _send(mailboxes)

    response = _client(mailboxes.outsider).get(f"/berichten/{message.pk}")

    assert response.status_code == 404


def test_holder_sends_a_message_with_an_upload_from_the_form(mailboxes):
    upload = io.BytesIO(b"inhoud van de bijlage")
    upload.name = "notitie.txt"

    response = _client(mailboxes.owner).post(
        "/berichten/nieuw",
        {
            "sender": mailboxes.province.oin,
            "receiver": mailboxes.municipality.oin,
            "subject": "Notitie",
            "body": "Zie bijlage",
            "kind": "informatie",
            "confidentiality": "intern",
            "files": [upload],
        },
    )

    message = Message.objects.get(box=Box.OUTBOX, subject="Notitie")
    assert response.status_code == 302
    assert response["Location"] == f"/berichten/{message.pk}"
    assert message.attachments.get().name == "notitie.txt"


def test_an_unknown_receiver_is_shown_on_the_form(mailboxes):
    response = _client(mailboxes.owner).post(
        "/berichten/nieuw",
        {"receiver": "00000009999999999000", "subject": "X", "kind": "informatie"},
    )

    assert response.status_code == 400
    assert not Message.objects.exists()


def test_receiver_sees_the_message_and_the_verified_receipt(mailboxes, deliver):
    sent = _send(mailboxes)
    deliver()
    received = Message.objects.get(box=Box.INBOX, message_id=sent.message_id)

    response = _client(mailboxes.partner).get(f"/berichten/{received.pk}")

    assert response.status_code == 200
    assert "Beschikking" in response.content.decode()
    received.refresh_from_db()
    assert received.status == Status.READ


def test_operator_sees_failed_deliveries_and_others_get_404(mailboxes):
    mailboxes.owner.is_staff = True
    mailboxes.owner.save()

    staff = _client(mailboxes.owner).get("/berichten/afleveringen")
    other = _client(mailboxes.partner).get("/berichten/afleveringen")

    assert staff.status_code == 200
    assert other.status_code == 404


def test_mailbox_manager_grants_the_right_to_a_colleague(mailboxes):
    response = _client(mailboxes.owner).post(
        "/berichten/rechten", {"email": mailboxes.colleague.email}
    )

    assert response.status_code == 302
    assert MailboxGrant.objects.filter(user=mailboxes.colleague).exists()


def test_a_person_without_the_manager_right_cannot_grant(mailboxes):
    response = _client(mailboxes.partner).post(
        "/berichten/rechten", {"email": mailboxes.partner.email}
    )

    assert response.status_code == 404


def test_the_mailbox_speaks_dutch(mailboxes):
    response = _client(mailboxes.owner).get("/berichten")

    assert response.status_code == 200
    assert "Berichtenbox van" in response.content.decode()


def test_the_main_menu_shows_messages_only_to_mailbox_holders(mailboxes):
    holder_home = _client(mailboxes.owner).get("/").content.decode()
    colleague_home = _client(mailboxes.colleague).get("/").content.decode()

    assert 'href="/berichten"' in holder_home
    assert 'href="/berichten"' not in colleague_home
