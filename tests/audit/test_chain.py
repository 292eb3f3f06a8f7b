import pytest
from django.db import connection

from samen.audit.chain import verify_chain
from samen.audit.models import AuditEntry


def test_intact_chain_verifies(world):
    assert AuditEntry.objects.count() > 5
    assert verify_chain() is None


def test_edited_row_is_named(world):
    entry = AuditEntry.objects.order_by("position")[3]
    AuditEntry.objects.filter(pk=entry.pk).update(action="workspace.tampered")

    found = verify_chain()

    assert found is not None
    assert found.position == entry.position
    assert "altered" in found.reason


def test_deleted_row_is_named(world):
    entry = AuditEntry.objects.order_by("position")[2]
    AuditEntry.objects.filter(pk=entry.pk).delete()

    found = verify_chain()

    assert found is not None
    assert found.position == entry.position
    assert "missing" in found.reason


def test_deleted_last_row_is_found_by_the_head(world):
    last = AuditEntry.objects.order_by("-position").first()
    AuditEntry.objects.filter(pk=last.pk).delete()

    found = verify_chain()

    assert found is not None
    assert "removed" in found.reason


def test_inserted_row_is_named(world):
    # An insert in the middle: shift the later entries up by one and put a
    # forged entry in the gap, as someone with database access could.
    victim = AuditEntry.objects.order_by("position")[2]
    with connection.cursor() as cursor:
        table = AuditEntry._meta.db_table
        cursor.execute(
            f"UPDATE {table} SET position = position + 1000000 WHERE position > %s",
            [victim.position],
        )
        cursor.execute(
            f"UPDATE {table} SET position = position - 1000000 + 1 WHERE position > %s",
            [victim.position + 999999],
        )
    forged = AuditEntry.objects.get(pk=victim.pk)
    forged.pk_id = None
    forged.id = None
    forged.position = victim.position + 1
    forged.action = "workspace.forged"
    from uuid import uuid4

    forged.id = uuid4()
    forged.save()

    found = verify_chain()

    assert found is not None
    assert found.position == victim.position + 1


@pytest.mark.parametrize("field", ["changes", "actor_id", "occurred_at"])
def test_any_field_edit_is_detected(world, field):
    entry = AuditEntry.objects.order_by("position")[1]
    value = {
        "changes": {"x": {"old": 1, "new": 2}},
        "actor_id": "someone-else",
        "occurred_at": entry.occurred_at.replace(year=2001),
    }[field]
    AuditEntry.objects.filter(pk=entry.pk).update(**{field: value})

    assert verify_chain() is not None
