"""`samen demo`: load the demo data, print how to log in, and optionally serve."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from samen import demo
from samen.web.management.commands.serve import positive


class Command(BaseCommand):
    help = "Load the demo organisations, people and workspaces (safe to run again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--serve", action="store_true", help="Serve Samen after loading.")
        parser.add_argument("--host", default="127.0.0.1", help="With --serve: address.")
        parser.add_argument("--port", type=positive, default=8000, help="With --serve: port.")
        parser.add_argument("--workers", type=positive, default=2, help="With --serve: processes.")
        parser.add_argument(
            "--no-worker", action="store_true", help="With --serve: no background worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        loaded = demo.load()

        if options["serve"]:
            base_url = f"http://{options['host']}:{options['port']}"
        else:
            base_url = settings.BASE_URL
        self.report(loaded, base_url)

        if options["serve"]:
            call_command(
                "serve",
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                no_worker=options["no_worker"],
                verbosity=options["verbosity"],
            )

    def report(self, loaded: demo.Loaded, base_url: str) -> None:
        if loaded.total:
            self.stdout.write(
                f"Demo loaded: {loaded.organisations} organisations, {loaded.people} people, "
                f"{loaded.workspaces} workspaces, {loaded.memberships} memberships."
            )
        else:
            self.stdout.write("The demo data was already loaded; nothing changed.")

        names = {oin: name for oin, name, _kind in demo.ORGANISATIONS}
        self.stdout.write(f"\nLog in at {base_url}/inloggen with password {demo.DEMO_PASSWORD}")
        for person in demo.PEOPLE:
            if not person.admin:
                who = f"{person.name}, {person.title}, {names[person.organisation]}"
                self.stdout.write(f"  {person.email:<38} {who}")
        for person in demo.PEOPLE:
            if person.admin:
                self.stdout.write(
                    f"\nPlatform administrator: {person.email} (same password), "
                    f"administration at {base_url}/beheer/"
                )
