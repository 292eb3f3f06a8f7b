"""Home (my workspaces), the profile page with tokens, and the admin."""

import pytest

from samen.audit.models import AuditEntry
from samen.organisations.models import ApiToken, User, hash_token

pytestmark = pytest.mark.django_db


def test_home_lists_the_workspaces_one_can_see(world, browse):
    response = browse(world.partner).get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bodemsanering Zwolle-Zuid" in body
    assert "Verkenning" in body
    assert "Provincie Overijssel" in body


def test_home_of_an_outsider_lists_nothing_of_others(world, browse):
    body = browse(world.outsider).get("/").content.decode()

    assert "Bodemsanering Zwolle-Zuid" not in body
    assert "U bent nog geen lid van een ruimte" in body


def test_profile_shows_name_organisation_and_email(world, browse):
    body = browse(world.partner).get("/profiel").content.decode()

    assert "Petra Partner" in body
    assert "Gemeente Zwolle" in body
    assert "petra@zwolle.example" in body


def test_token_is_shown_once_and_stored_as_hash(world, browse):
    client = browse(world.owner)

    response = client.post("/profiel/tokens")

    body = response.content.decode()
    token = ApiToken.objects.get(user=world.owner)
    raw = body.split('class="utrecht-code samen-token">', 1)[1].split("<", 1)[0]
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert token.key_hash == hash_token(raw)
    assert raw not in client.get("/profiel").content.decode()


def test_token_of_another_person_cannot_be_revoked(world, browse):
    browse(world.partner).post("/profiel/tokens")
    token = ApiToken.objects.get(user=world.partner)

    response = browse(world.owner).post(f"/profiel/tokens/{token.pk}/intrekken")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_own_token_is_revoked(world, browse):
    client = browse(world.owner)
    client.post("/profiel/tokens")
    token = ApiToken.objects.get(user=world.owner)

    response = client.post(f"/profiel/tokens/{token.pk}/intrekken")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.fixture
def admin_client_for(world, browse):
    admin = User.objects.create_superuser(
        "beheer@samen.example", "Beheer-Wachtwoord-99", name="Beheer"
    )
    return browse(admin)


@pytest.mark.parametrize(
    "path",
    [
        "organisations/organisation/",
        "organisations/user/",
        "organisations/user/add/",
        "workspaces/workspace/",
        "workspaces/template/",
        "workspaces/membership/",
        "audit/auditentry/",
    ],
)
def test_admin_pages_open(admin_client_for, path):
    response = admin_client_for.get(f"/beheer/{path}")

    assert response.status_code == 200


def test_audit_entries_cannot_be_deleted_or_changed_in_admin(admin_client_for):
    entry = AuditEntry.objects.first()

    delete = admin_client_for.post(
        f"/beheer/audit/auditentry/{entry.pk_id}/delete/", {"post": "yes"}
    )
    change = admin_client_for.post(
        f"/beheer/audit/auditentry/{entry.pk_id}/change/", {"actor_name": "Iemand anders"}
    )

    assert delete.status_code == 403
    assert change.status_code == 403
    entry.refresh_from_db()
    assert entry.actor_name != "Iemand anders"


def test_admin_is_closed_to_people_without_staff_rights(world, browse):
    response = browse(world.owner).get("/beheer/")

    assert response.status_code == 302
