"""`samen audit verify`: check that no audit entry was altered, inserted or removed."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from samen.audit.chain import verify_chain
from samen.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Work with the hash-chained audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("verify", help="Walk the whole chain; exit 1 at the first break.")

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        found = verify_chain()
        if found is not None:
            entry = AuditEntry.objects.filter(position=found.position).first()
            what = f" ({entry.action} {entry.object_type}:{entry.object_id})" if entry else ""
            raise CommandError(f"The audit log is broken at {found}{what}.")

        count = AuditEntry.objects.count()
        self.stdout.write(f"The audit log is intact: {count} entries verified.")
