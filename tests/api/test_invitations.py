"""GET|POST /ruimtes/{id}/uitnodigingen: invitations by e-mail, for managers."""

import pytest
from django.core import mail

from samen.audit.models import AuditEntry
from samen.workspaces.models import Invitation
from tests.api.conftest import Unchanged, assert_problem, invalid_names, workspace_url
from tests.conftest import api_client_for


def invitations_url(world, suffix=""):
    return workspace_url(world, f"/uitnodigingen{suffix}")


def invite(client, world, **body):
    return client.post(invitations_url(world), body, format="json")


def test_manager_invites_by_email(as_owner, world, django_capture_on_commit_callbacks):
    # The mail leaves after commit; the capture runs those callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(as_owner, world, email="Nieuw@Example.org", rol="bijdrager")

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["email"] == "nieuw@example.org"
    assert body["rol"] == "bijdrager"
    assert body["status"] == "open"
    assert body["verlooptOp"].endswith("Z")
    assert "token" not in body
    invitation = Invitation.objects.get(pk=body["id"])
    assert invitation.workspace == world.workspace
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nieuw@example.org"]
    assert "/uitnodiging/" in mail.outbox[0].body


def test_manager_lists_and_reads_invitations(as_owner, world):
    created = invite(as_owner, world, email="a@example.org", rol="lezer").json()

    listed = as_owner.get(invitations_url(world))
    read = as_owner.get(created["url"])

    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["results"]] == [created["id"]]
    assert read.status_code == 200
    assert read.json()["email"] == "a@example.org"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"email": "geen-adres", "rol": "lezer"}, "email_invalid", "email"),
        ({"email": "a@example.org", "rol": "koning"}, "role_unknown", "rol"),
        (
            {"email": "a@example.org", "rol": "lezer", "maxVertrouwelijkheidaanduiding": "x"},
            "confidentiality_unknown",
            "maxVertrouwelijkheidaanduiding",
        ),
        ({"rol": "lezer"}, "required", "email"),
    ],
)
def test_invite_refuses_bad_input_and_sends_nothing(
    as_owner, world, body, code, field, django_capture_on_commit_callbacks
):
    unchanged = Unchanged(Invitation)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = invite(as_owner, world, **body)

    problem = assert_problem(response, 400, code)
    assert field in invalid_names(problem)
    unchanged.check()
    assert callbacks == []
    assert mail.outbox == []


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_invite_or_list(world, persona):
    client = api_client_for(getattr(world, persona))
    unchanged = Unchanged(Invitation)

    created = invite(client, world, email="a@example.org", rol="lezer")
    listed = client.get(invitations_url(world))

    assert_problem(created, 403, "role_insufficient")
    assert_problem(listed, 403, "role_insufficient")
    unchanged.check()
    assert mail.outbox == []


def test_outsider_gets_404(as_outsider, world):
    unchanged = Unchanged(Invitation)

    created = invite(as_outsider, world, email="a@example.org", rol="beheerder")
    listed = as_outsider.get(invitations_url(world))

    assert_problem(created, 404, "not_found")
    assert_problem(listed, 404, "not_found")
    unchanged.check()


def test_invitations_are_paged(as_owner, world):
    for number in range(3):
        invite(as_owner, world, email=f"p{number}@example.org", rol="lezer")

    response = as_owner.get(invitations_url(world), {"pageSize": 2})

    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 2


def test_manager_revokes_an_open_invitation(as_owner, world):
    created = invite(as_owner, world, email="a@example.org", rol="lezer").json()

    response = as_owner.delete(created["url"])

    assert response.status_code == 204
    assert as_owner.get(created["url"]).json()["status"] == "ingetrokken"
    assert Invitation.objects.get(pk=created["id"]).revoked_at is not None
    assert AuditEntry.objects.filter(action="invitation.revoked", object_id=created["id"]).exists()


def test_revoking_twice_is_a_conflict(as_owner, world):
    created = invite(as_owner, world, email="a@example.org", rol="lezer").json()
    as_owner.delete(created["url"])
    unchanged = Unchanged(Invitation)

    response = as_owner.delete(created["url"])

    assert_problem(response, 409, "invitation_unusable")
    unchanged.check()


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_revoke(as_owner, world, persona):
    created = invite(as_owner, world, email="a@example.org", rol="lezer").json()
    client = api_client_for(getattr(world, persona))

    response = client.delete(created["url"])

    assert_problem(response, 403, "role_insufficient")
    assert Invitation.objects.get(pk=created["id"]).revoked_at is None


def test_outsider_cannot_revoke(as_owner, as_outsider, world):
    created = invite(as_owner, world, email="a@example.org", rol="lezer").json()

    response = as_outsider.delete(created["url"])

    assert_problem(response, 404, "not_found")
    assert Invitation.objects.get(pk=created["id"]).revoked_at is None
