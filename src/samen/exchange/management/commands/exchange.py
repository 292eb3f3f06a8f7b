"""`samen exchange ...`: the contact card, peers, keys, deliveries and mailbox rights."""

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samen.errors import DomainError


class Command(BaseCommand):
    help = "Exchange between organisations and installations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("card", help="Print this installation's contact card as JSON.")
        trust = sub.add_parser("trust", help="Trust a peer installation from its card.")
        trust.add_argument("file", help="The peer's card (JSON file, or - for stdin).")
        sub.add_parser("peers", help="List the trusted peers.")
        sub.add_parser("rotate-key", help="Make a new signing key; the old one is retired.")
        deliver = sub.add_parser("deliver", help="Deliver due outbox entries.")
        deliver.add_argument("--loop", action="store_true", help="Keep delivering.")
        deliver.add_argument("--limit", type=int, default=None)
        grant = sub.add_parser("grant-mailbox", help="Give a person the mailbox right.")
        grant.add_argument("--email", required=True)
        grant.add_argument("--manager", action="store_true", help="May also grant it to others.")
        sub.add_parser("status", help="Outbox figures: pending, stuck, failed.")
        verify = sub.add_parser("verify", help="Verify a message's stored receipt.")
        verify.add_argument("message_id")
        sub.add_parser(
            "cleanup", help="Remove attachment files and transfers that nothing needs any more."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "do_" + options["action"].replace("-", "_"))
        try:
            handler(options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _print(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))

    def do_card(self, options: dict[str, Any]) -> None:
        from samen.exchange.keys import card

        self._print(card())

    def do_trust(self, options: dict[str, Any]) -> None:
        from samen.exchange import keys, peers

        source = options["file"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
            card = json.loads(text)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the card: {exc}") from None
        own = {o.oin for o in keys.hosted_organisations()}
        peer = peers.trust(actor=None, card=card, own_oins=own)
        self.stdout.write(f"Trusted {peer.name} at {peer.url}.")

    def do_peers(self, options: dict[str, Any]) -> None:
        from samen.exchange.models import Peer

        rows = [
            {
                "naam": peer.name,
                "url": peer.url,
                "organisaties": [o.oin for o in peer.organisations.all()],
                "sleutels": [{"kid": k.kid, "status": k.status} for k in peer.keys.all()],
                "vertrouwdOp": peer.trusted_at.isoformat(),
            }
            for peer in Peer.objects.prefetch_related("organisations", "keys")
        ]
        self._print(rows)

    def do_rotate_key(self, options: dict[str, Any]) -> None:
        from samen.exchange.keys import rotate

        row = rotate()
        self.stdout.write(f"New active key {row.kid}; give peers the new card.")

    def do_deliver(self, options: dict[str, Any]) -> None:
        from samen.exchange.delivery import deliver_batch

        while True:
            done = deliver_batch(options["limit"])
            if not options["loop"]:
                self.stdout.write(f"Claimed {done} outbox entries.")
                return
            if done == 0:
                time.sleep(0.2)

    def do_grant_mailbox(self, options: dict[str, Any]) -> None:
        from samen.exchange.actions import grant_mailbox
        from samen.organisations.models import User

        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError("No person with this e-mail address.")
        grant = grant_mailbox(actor=None, user=user, manager=options["manager"])
        self.stdout.write(f"{user.email} has the mailbox right for {grant.organisation.oin}.")

    def do_status(self, options: dict[str, Any]) -> None:
        from samen.exchange.overview import figures

        self._print(figures())

    def do_verify(self, options: dict[str, Any]) -> None:
        from samen.exchange.models import Message
        from samen.exchange.verification import check_receipt

        message = Message.objects.filter(pk=options["message_id"]).first()
        if message is None:
            raise CommandError("No such message.")
        result = check_receipt(message)
        self._print(result)
        if not result["geldig"]:
            raise CommandError("The receipt does not verify.")

    def do_cleanup(self, options: dict[str, Any]) -> None:
        from samen.exchange.cleanup import cleanup_orphans

        removed = 0
        # One call removes a bounded batch; repeat, but not forever when a
        # file cannot be removed.
        for _round in range(100):
            batch = cleanup_orphans()
            removed += batch
            if not batch:
                break
        self.stdout.write(f"Removed {removed} orphaned files or transfers.")
