import uuid

import pytest
from django.db import transaction
from django.db.models import F

from samen.audit.actions import record
from samen.audit.chain import GENESIS_HASH, compute_hash, verify_chain
from samen.audit.models import AuditEntry, AuditHead


def nth(index: int) -> AuditEntry:
    return AuditEntry.objects.order_by("position")[index]


def test_intact_chain_verifies(world):
    assert AuditEntry.objects.count() > 5
    assert verify_chain() is None


def test_empty_chain_verifies(db):
    assert not AuditEntry.objects.exists()
    assert verify_chain() is None


def test_entries_link_to_the_one_before(world):
    entries = list(AuditEntry.objects.order_by("position"))

    assert entries[0].previous_hash == GENESIS_HASH
    assert [e.previous_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert [e.position for e in entries] == list(range(1, len(entries) + 1))


def test_edited_row_is_named(world):
    entry = nth(3)
    AuditEntry.objects.filter(pk=entry.pk).update(action="workspace.tampered")

    found = verify_chain()

    assert found is not None
    assert found.position == entry.position
    assert "altered" in found.reason


def test_edited_row_with_recomputed_hash_breaks_the_next_link(world):
    # Someone who recomputes the altered entry's own hash still breaks the
    # link from the entry after it.
    entry = nth(3)
    entry.actor_name = "Iemand Anders"
    entry.hash = compute_hash(entry)
    AuditEntry.objects.filter(pk=entry.pk).update(actor_name=entry.actor_name, hash=entry.hash)

    found = verify_chain()

    assert found is not None
    assert found.position == entry.position + 1
    assert "inserted" in found.reason


def test_deleted_row_is_named(world):
    entry = nth(2)
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


def test_altered_head_is_found(world):
    AuditHead.objects.update(hash="f" * 64)

    found = verify_chain()

    assert found is not None
    assert "removed" in found.reason


def test_inserted_row_is_named(world):
    # An insert in the middle, as someone with database access could do it:
    # shift the later entries up by one (through a far-away range, because
    # positions are unique at every step) and put a forged copy in the gap.
    victim = nth(2)
    later = AuditEntry.objects.filter(position__gt=victim.position)
    later.update(position=F("position") + 1_000_000)
    AuditEntry.objects.filter(position__gt=1_000_000).update(position=F("position") - 999_999)
    forged = AuditEntry.objects.get(pk=victim.pk)
    forged.pk_id = None
    forged.id = uuid.uuid4()
    forged.position = victim.position + 1
    forged.action = "workspace.forged"
    forged.save()

    found = verify_chain()

    assert found is not None
    assert found.position == victim.position + 1


def test_swapped_rows_are_found(world):
    first, second = nth(2), nth(3)
    AuditEntry.objects.filter(pk=first.pk).update(position=0)
    AuditEntry.objects.filter(pk=second.pk).update(position=first.position)
    AuditEntry.objects.filter(pk=first.pk).update(position=second.position)

    found = verify_chain()

    assert found is not None
    assert found.position == first.position


@pytest.mark.parametrize("field", ["changes", "actor_id", "occurred_at"])
def test_any_field_edit_is_detected(world, field):
    entry = nth(1)
    value = {
        "changes": {"x": {"old": 1, "new": 2}},
        "actor_id": "someone-else",
        "occurred_at": entry.occurred_at.replace(year=2001),
    }[field]
    AuditEntry.objects.filter(pk=entry.pk).update(**{field: value})

    assert verify_chain() is not None


def test_rolled_back_change_leaves_no_gap(world):
    before = AuditEntry.objects.count()

    def failing_change() -> None:
        with transaction.atomic():
            record(actor=None, action="test.rolled_back", object_type="test", object_id="1")
            raise RuntimeError("the change fails after its audit entry")

    with pytest.raises(RuntimeError):
        failing_change()
    record(actor=None, action="test.kept", object_type="test", object_id="2")

    assert AuditEntry.objects.count() == before + 1
    assert not AuditEntry.objects.filter(action="test.rolled_back").exists()
    assert verify_chain() is None


def test_unicode_and_nested_changes_verify(world):
    record(
        actor=world.owner,
        action="test.unicode",
        object_type="test",
        object_id="ü",
        changes={
            "naam": {"old": "Café Ĳsselmeer", "new": "☃"},
            "lijst": {"old": [1, "a"], "new": None},
        },
    )

    assert verify_chain() is None
