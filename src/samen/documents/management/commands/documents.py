"""`samen documents cleanup`: remove what interrupted uploads and processes left behind.

The worker runs the same cleanup every hour; this command is for cron
installations without a worker, and for an operator who wants it now.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from samen.documents.cleanup import cleanup_orphans

MAX_ROUNDS = 100


class Command(BaseCommand):
    help = "Document maintenance. `cleanup` removes orphaned content and expired uploads."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", metavar="subcommand")
        commands.add_parser(
            "cleanup",
            help="Remove orphaned content, expired unfinished uploads and expired trash.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] != "cleanup":
            raise CommandError("Name a subcommand: cleanup.")

        removed = 0
        # cleanup_orphans() does a bounded batch per call; repeat until done,
        # but not forever when something cannot be removed (it is logged).
        for _round in range(MAX_ROUNDS):
            batch = cleanup_orphans()
            removed += batch
            if not batch:
                break
        self.stdout.write(f"Removed {removed} orphaned or expired items.")
