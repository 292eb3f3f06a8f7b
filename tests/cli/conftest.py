"""Running Samen's commands in-process; tests/cli/processes.py runs them as processes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def run(*args: str) -> str:
    """Run a command in-process; returns what it wrote on stdout."""
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def fails(*args: str) -> CommandError:
    """Run a command that must refuse; returns its error."""
    with pytest.raises(CommandError) as caught:
        run(*args)
    return caught.value
