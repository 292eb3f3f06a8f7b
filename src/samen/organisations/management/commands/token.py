"""`samen token create|revoke`: personal API tokens for scripts and integrations."""

from typing import Any

from django.core.management.base import CommandError, CommandParser

from samen.organisations import actions
from samen.organisations.management.base import ProvisioningCommand, user_by_email


class Command(ProvisioningCommand):
    help = "Manage personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser(
            "create", help="Print a new token on stdout; it is shown only this once."
        )
        create.add_argument("--email", required=True)
        revoke = commands.add_parser("revoke", help="Revoke a person's tokens.")
        revoke.add_argument("--email", required=True)
        revoke.add_argument("--hint", help="Revoke only the token that starts with this.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_email(options["email"])
        if options["subcommand"] == "create":
            # Only the token goes to stdout, so that `$(samen token create ...)`
            # captures exactly it.
            self.stdout.write(actions.create_token(actor=None, user=user))
            return

        hint = options["hint"]
        revoked = actions.revoke_tokens(actor=None, user=user, hint=hint)
        if hint and not revoked:
            raise CommandError(f"{user.email} has no active token starting with {hint}.")
        self.stdout.write(f"Revoked {revoked} token(s) of {user.email}.")
