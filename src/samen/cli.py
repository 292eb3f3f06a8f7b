"""The `samen` command: Django's management commands with Samen's settings.

`samen serve`, `samen demo`, `samen migrate`, `samen shell`: any management
command works, with the settings module already chosen.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    args[0] = "samen"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    if len(args) > 1 and args[1] == "demo":
        # The demo must run on a fresh machine without any configuration.
        os.environ.setdefault("SAMEN_DEMO", "true")

    _load_settings()
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def _load_settings() -> None:
    """Stop with the configuration error's own message, not a traceback.

    Left to Django, a bad setting would surface as "Unknown command" for
    every Samen command, because the commands of an unconfigured project are
    not found.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading it loads the settings)
    except ImproperlyConfigured as exc:
        print(f"samen: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
