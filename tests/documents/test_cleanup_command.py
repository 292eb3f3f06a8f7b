"""`samen documents cleanup` as an operator calls it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def test_cleanup_reports_what_it_removed(db):
    out = StringIO()

    call_command("documents", "cleanup", stdout=out)

    assert out.getvalue().strip() == "Removed 0 orphaned or expired items."


def test_documents_without_a_subcommand_says_which_exist(db):
    with pytest.raises(CommandError, match="cleanup"):
        call_command("documents")
