"""`samen organisation create`: add an organisation without the web interface."""

from typing import Any

from django.core.management.base import CommandParser

from samen.organisations import actions
from samen.organisations.management.base import ProvisioningCommand
from samen.organisations.models import OrganisationKind


class Command(ProvisioningCommand):
    help = "Manage organisations."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        create = commands.add_parser("create", help="Add an organisation.")
        create.add_argument("--name", required=True)
        create.add_argument("--oin", required=True, help="The 20-digit OIN.")
        create.add_argument(
            "--kind", required=True, help="One of: " + ", ".join(OrganisationKind.values)
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = actions.create_organisation(
            actor=None, name=options["name"], oin=options["oin"], kind=options["kind"]
        )
        self.stdout.write(f"Created {organisation.name} (OIN {organisation.oin}).")
