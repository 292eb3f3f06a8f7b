"""`samen serve`: migrate, collect static files, and serve with gunicorn.

gunicorn runs in this process through its application API, so that the
settings chosen by the `samen` command are the ones served, and so that
there is one command to supervise (systemd, a container) instead of two.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

logger = logging.getLogger(__name__)


class SamenServer(BaseApplication):  # type: ignore[misc]
    """gunicorn's arbiter, configured from a dict instead of its own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)
        # gunicorn 24+ opens a control socket at one fixed path per user,
        # which two installations on one machine would fight over; Samen
        # is managed by signals instead.
        if "control_socket_disable" in self.cfg.settings:
            self.cfg.set("control_socket_disable", True)

    def load(self) -> Any:
        from samen.wsgi import application

        return application


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
        "workers": workers,
        # Threads let one worker wait on a slow upload or download while
        # others are served; a sync worker would block on each.
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": "-",
        "errorlog": "-",
        # SIGTERM lets running requests finish for this long before stopping.
        "graceful_timeout": 30,
        "timeout": 60,
        # Proxy headers are trusted from the local machine only, where a
        # reverse proxy terminates TLS (see docs/operations.md).
        "forwarded_allow_ips": "127.0.0.1,::1",
        "proc_name": "samen",
    }


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Apply migrations, collect static files and serve Samen with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=positive, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers", type=positive, default=2, help="Number of web processes (default 2)."
        )
        parser.add_argument(
            "--threads", type=positive, default=4, help="Threads per web process (default 4)."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the embedded background worker; run `samen worker` apart.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.prepare(verbosity=options["verbosity"])
        if not options["no_worker"]:
            self.start_embedded_worker()

        # The arbiter forks the web processes: no connection opened for the
        # migrations may be shared with them.
        connections.close_all()
        self.stdout.write(f"Samen is served at http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        server = SamenServer(
            gunicorn_options(
                host=options["host"],
                port=options["port"],
                workers=options["workers"],
                threads=options["threads"],
            )
        )
        server.run()

    def prepare(self, *, verbosity: int) -> None:
        quiet = max(verbosity - 1, 0)
        call_command("migrate", interactive=False, verbosity=quiet)
        call_command("collectstatic", interactive=False, verbosity=quiet)
        logger.info("Static files collected in %s", settings.STATIC_ROOT)

    def start_embedded_worker(self) -> None:
        # --- embedded worker (samen.worker area) ---
        # A child process, not a thread: samen/worker/embedded.py says why.
        from samen.worker.embedded import start_embedded_worker

        start_embedded_worker()
        # --- end embedded worker ---
