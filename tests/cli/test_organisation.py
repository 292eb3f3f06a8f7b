from samen.audit.models import AuditEntry
from samen.organisations.models import Organisation
from tests.cli.conftest import fails, run

OIN = "00000001001170305000"


def test_create_organisation_stores_it_and_records_it(db):
    out = run(
        "organisation", "create", "--name", "Gemeente Kampen", "--oin", OIN, "--kind", "gemeente"
    )

    assert "Gemeente Kampen" in out
    organisation = Organisation.objects.get(oin=OIN)
    assert (organisation.name, organisation.kind) == ("Gemeente Kampen", "gemeente")
    assert AuditEntry.objects.filter(
        action="organisation.created", object_id=str(organisation.pk)
    ).exists()


def test_wrong_oin_is_refused(db):
    error = fails(
        "organisation", "create", "--name", "Kampen", "--oin", "12345", "--kind", "gemeente"
    )

    assert error.returncode == 1
    assert "20 digits" in str(error)
    assert not Organisation.objects.exists()


def test_unknown_kind_is_refused(db):
    error = fails("organisation", "create", "--name", "Kampen", "--oin", OIN, "--kind", "stad")

    assert "Unknown kind of organisation: stad" in str(error)
    assert not Organisation.objects.exists()


def test_duplicate_oin_is_refused(db):
    run("organisation", "create", "--name", "Gemeente Kampen", "--oin", OIN, "--kind", "gemeente")

    error = fails(
        "organisation", "create", "--name", "Kampen bis", "--oin", OIN, "--kind", "gemeente"
    )

    assert OIN in str(error)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Gemeente Kampen"]
    assert AuditEntry.objects.filter(action="organisation.created").count() == 1
