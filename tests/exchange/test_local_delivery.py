"""Delivery inside one installation: the same path, with receipts and de-duplication."""

from samen.exchange import actions, receiver
from samen.exchange.envelope import of_message
from samen.exchange.models import Box, Delivery, DeliveryState, Message, Status
from samen.exchange.verification import check_receipt


def _send(world, **fields):
    values = {"subject": "Beschikking bodemsanering", "body": "Zie bijlage."} | fields
    return actions.send_message(
        actor=world.owner, sender=world.province, receiver_oin=world.municipality.oin, **values
    )


def test_message_is_delivered_with_a_receipt_that_verifies(mailboxes, deliver):
    sent = _send(mailboxes)

    assert deliver() == 1

    sent.refresh_from_db()
    assert sent.status == Status.DELIVERED
    assert check_receipt(sent)["geldig"] is True
    received = Message.objects.get(box=Box.INBOX, message_id=sent.message_id)
    assert received.organisation == mailboxes.municipality
    assert received.receipt_jws == sent.receipt_jws
    assert check_receipt(received)["geldig"] is True


def test_a_repeat_gets_the_original_receipt_and_stores_nothing(mailboxes, deliver):
    sent = _send(mailboxes)
    deliver()
    sent.refresh_from_db()

    answer = receiver.accept(None, [of_message(sent)], [])

    assert answer["berichten"][0]["ontvangstbevestiging"] == sent.receipt_jws
    assert Message.objects.filter(box=Box.INBOX, message_id=sent.message_id).count() == 1


def test_reading_sends_a_read_receipt_back(mailboxes, deliver):
    sent = _send(mailboxes)
    deliver()
    received = Message.objects.get(box=Box.INBOX, message_id=sent.message_id)

    actions.mark_read(actor=mailboxes.partner, message=received)
    deliver()

    sent.refresh_from_db()
    assert sent.status == Status.READ
    assert sent.read_receipt_jws
    assert Delivery.objects.filter(state=DeliveryState.DONE).count() == 2
