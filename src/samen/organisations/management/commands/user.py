"""`samen user create`: add a person, or a platform administrator.

`samen user update --email E --mailbox`: give a person the mailbox right of
their organisation (`--no-mailbox` withdraws it); the exchange app does it.
"""

import argparse
import getpass
from typing import Any

from django.core.management.base import CommandError, CommandParser

from samen.organisations import actions
from samen.organisations.management.base import ProvisioningCommand, user_by_email


class Command(ProvisioningCommand):
    help = "Manage people."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="Add a person who logs in with a password.")
        create.add_argument("--email", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--organisation", required=True, help="The OIN of their organisation.")
        create.add_argument(
            "--password", help="Without it, the password is asked for twice (not echoed)."
        )
        create.add_argument(
            "--admin", action="store_true", help="Make the person a platform administrator."
        )
        update = commands.add_parser("update", help="Change a person's rights.")
        update.add_argument("--email", required=True)
        update.add_argument(
            "--mailbox",
            action=argparse.BooleanOptionalAction,
            help="Give (or with --no-mailbox withdraw) the right to the organisation's mailbox.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "update":
            self.handle_update(options)
            return
        organisation = actions.organisation_by_oin(options["organisation"])
        password = options["password"]
        if password is None:
            password = self.ask_password()

        user = actions.create_user(
            actor=None,
            email=options["email"],
            name=options["name"],
            organisation=organisation,
            password=password,
            admin=options["admin"],
        )
        role = "platform administrator" if user.is_staff else "person"
        self.stdout.write(f"Created {role} {user.email} at {organisation.name}.")

    def handle_update(self, options: dict[str, Any]) -> None:
        from samen.exchange.actions import set_mailbox_right

        user = user_by_email(options["email"])
        if options["mailbox"] is not None:
            set_mailbox_right(actor=None, user=user, granted=options["mailbox"])
            state = "has" if options["mailbox"] else "no longer has"
            self.stdout.write(f"{user.email} {state} the mailbox right.")

    def ask_password(self) -> str:
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Password (again): ")
        if first != second:
            raise CommandError("The two passwords differ; nothing was stored.")
        return first
