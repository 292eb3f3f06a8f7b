import pytest

from samen import demo
from samen.audit.chain import verify_chain
from samen.audit.models import AuditEntry
from samen.organisations.models import Organisation, User
from samen.workspaces.models import Membership, Workspace
from tests.cli.conftest import run


def counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "workspaces": Workspace.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


@pytest.fixture
def loaded(db):
    return run("demo")


def test_demo_creates_the_three_seed_workspaces(loaded):
    templates = dict(Workspace.objects.values_list("name", "template_id"))

    assert templates == {
        "Bodemsanering": "bodemsanering",
        "Actualisering Omgevingsvisie": "omgevingsvisie",
        "IJsseldelta II": "gebiedsontwikkeling",
    }


def test_demo_has_every_kind_of_partner(loaded):
    kinds = set(Organisation.objects.values_list("kind", flat=True))

    assert {"provincie", "gemeente", "waterschap", "rijk", "private_partij"} <= kinds
    assert Organisation.objects.filter(kind="gemeente").count() >= 2
    assert not Organisation.objects.filter(people__isnull=True).exists()


def test_workspaces_have_people_and_organisations_from_several_organisations(loaded):
    for workspace in Workspace.objects.all():
        members = Membership.objects.filter(workspace=workspace)
        organisations = set(members.exclude(user=None).values_list("user__organisation", flat=True))
        organisations |= set(
            members.exclude(organisation=None).values_list("organisation", flat=True)
        )
        assert len(organisations) >= 3, workspace.name
        assert members.values("role").distinct().count() >= 2, workspace.name
    assert Membership.objects.filter(organisation__isnull=False).exists()


def test_demo_fills_the_audit_log_through_the_actions(loaded):
    assert AuditEntry.objects.filter(action="workspace.created").count() == 3
    assert AuditEntry.objects.filter(action="membership.created").count() == sum(
        len(space.members) for space in demo.WORKSPACES
    )
    assert verify_chain() is None


def test_demo_prints_the_log_ins(loaded):
    assert demo.DEMO_PASSWORD in loaded
    assert "http://127.0.0.1:8000/inloggen" in loaded
    for person in demo.PEOPLE:
        assert person.email in loaded


def test_everyone_can_log_in_with_the_demo_password(loaded):
    for user in User.objects.all():
        assert user.check_password(demo.DEMO_PASSWORD), user.email
    assert User.objects.filter(is_staff=True, is_superuser=True).count() == 1


def test_second_run_changes_nothing(loaded):
    before = counts()
    last_hash = AuditEntry.objects.order_by("-position").values_list("hash", flat=True).first()

    out = run("demo")

    assert "nothing changed" in out
    assert counts() == before
    assert (
        AuditEntry.objects.order_by("-position").values_list("hash", flat=True).first() == last_hash
    )
