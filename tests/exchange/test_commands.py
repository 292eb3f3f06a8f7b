"""The operator commands: mailbox rights, card, trust, peers."""

import json

from django.core.management import call_command

from samen.exchange.models import MailboxGrant, Peer


def test_user_update_gives_and_withdraws_the_mailbox_right(world, capsys):
    call_command("user", "update", "--email", world.colleague.email, "--mailbox")
    granted = MailboxGrant.objects.filter(user=world.colleague).exists()
    call_command("user", "update", "--email", world.colleague.email, "--no-mailbox")

    assert granted
    assert not MailboxGrant.objects.filter(user=world.colleague).exists()
    assert "mailbox right" in capsys.readouterr().out


def test_card_printed_by_one_is_trusted_by_another(world, capsys, tmp_path):
    call_command("exchange", "card")
    card = json.loads(capsys.readouterr().out)
    card["url"] = "https://elders.example/uitwisseling/v1"
    card["organisaties"] = [{"oin": "00000001003214345000", "naam": "Gemeente Elders"}]
    path = tmp_path / "kaart.json"
    path.write_text(json.dumps(card))

    call_command("exchange", "trust", str(path))
    call_command("exchange", "peers")

    peers = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert Peer.objects.get().url == "https://elders.example/uitwisseling/v1"
    assert peers[0]["organisaties"] == ["00000001003214345000"]


def test_samen_worker_delivers_the_outbox(mailboxes):
    from samen.exchange import actions
    from samen.exchange.models import Status

    message = actions.send_message(
        actor=mailboxes.owner,
        sender=mailboxes.province,
        receiver_oin=mailboxes.municipality.oin,
        subject="Via de worker",
    )

    call_command("worker", "--batch")

    message.refresh_from_db()
    assert message.status == Status.DELIVERED
