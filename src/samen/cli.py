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

    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
