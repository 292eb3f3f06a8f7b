"""Two versions uploaded at the same moment become n+1 and n+2; none is lost.

Runs in real transactions from two threads, so that the row lock (PostgreSQL)
or the IMMEDIATE write lock (SQLite) is what keeps the numbers apart.
"""

import threading

import pytest
from django.db import connection

from samen.documents.actions import add_version, lock_document
from samen.documents.errors import DocumentLocked
from samen.documents.models import Version
from samen.workspaces.access import workspace_for
from tests.documents.conftest import make_document, received

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_together(*jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_versions_get_consecutive_numbers(world):
    document = make_document(world)

    def upload(actor, data):
        def job():
            access = workspace_for(actor, world.workspace.pk)
            version, _warnings = add_version(
                actor=actor, access=access, document=document, received=received(data)
            )
            return version.number

        return job

    outcomes = run_together(
        upload(world.owner, b"%PDF-1.4 van Olga"), upload(world.colleague, b"%PDF-1.4 van Coen")
    )

    assert sorted(outcomes) == [2, 3], outcomes
    numbers = sorted(Version.objects.filter(document=document).values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    document.refresh_from_db()
    assert document.version_count == 3
    assert document.latest_version.number == 3


def test_simultaneous_locks_leave_one_holder(world):
    document = make_document(world)

    def take(actor):
        def job():
            access = workspace_for(actor, world.workspace.pk)
            return lock_document(actor=actor, access=access, document=document).locked_by_id

        return job

    outcomes = run_together(take(world.owner), take(world.colleague))

    refused = [outcome for outcome in outcomes if isinstance(outcome, DocumentLocked)]
    assert len(refused) == 1, outcomes
    document.refresh_from_db()
    assert document.locked_by_id in {world.owner.pk, world.colleague.pk}
