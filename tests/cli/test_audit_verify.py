from samen.audit.models import AuditEntry
from tests.cli.conftest import fails, run


def test_intact_log_says_how_many_entries(world):
    out = run("audit", "verify")

    assert f"intact: {AuditEntry.objects.count()} entries" in out


def test_altered_entry_is_named_and_exits_1(world):
    entry = AuditEntry.objects.filter(action="membership.created").order_by("position").first()
    AuditEntry.objects.filter(pk=entry.pk).update(
        changes={"role": {"old": None, "new": "beheerder"}}
    )

    error = fails("audit", "verify")

    assert error.returncode == 1
    assert f"#{entry.position}" in str(error)
    assert "altered" in str(error)
    assert "membership.created" in str(error)


def test_removed_entry_is_named(world):
    entry = AuditEntry.objects.order_by("position")[3]
    AuditEntry.objects.filter(pk=entry.pk).delete()

    error = fails("audit", "verify")

    assert f"#{entry.position}: missing" in str(error)
