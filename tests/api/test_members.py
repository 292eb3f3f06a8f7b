"""GET|POST /ruimtes/{id}/leden and GET|PATCH|DELETE /ruimtes/{id}/leden/{lidId}."""

import uuid

import pytest

from samen.audit.models import AuditEntry
from samen.workspaces.models import Membership
from tests.api.conftest import Unchanged, assert_problem, invalid_names, workspace_url
from tests.conftest import WATER_BOARD_OIN, api_client_for, make_person


def members_url(world, suffix=""):
    return workspace_url(world, f"/leden{suffix}")


def membership_of(world, **lookup):
    return Membership.objects.get(workspace=world.workspace, **lookup)


def test_member_lists_the_members(as_partner, world):
    response = as_partner.get(members_url(world))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    people = {item["persoon"]["email"] for item in body["results"] if item["persoon"]}
    organisations = {item["organisatie"]["oin"] for item in body["results"] if item["organisatie"]}
    assert people == {world.owner.email, world.colleague.email}
    assert organisations == {world.municipality.oin}
    colleague = next(
        i for i in body["results"] if i["persoon"] and i["persoon"]["naam"] == "Coen Collega"
    )
    assert colleague["rol"] == "bijdrager"
    assert colleague["url"].endswith(f"/leden/{colleague['id']}")


def test_members_are_paged(as_owner, world):
    response = as_owner.get(members_url(world), {"pageSize": 1})

    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 1
    assert response.json()["next"]


def test_outsider_gets_404_for_the_members(as_outsider, world):
    response = as_outsider.get(members_url(world))

    assert_problem(response, 404, "not_found")


def test_outsider_gets_404_for_one_member(as_outsider, world):
    membership = membership_of(world, user=world.owner)

    response = as_outsider.get(members_url(world, f"/{membership.pk}"))

    assert_problem(response, 404, "not_found")


def test_member_of_another_workspace_is_not_found_here(as_owner, world):
    other = as_owner.post(
        "/api/v1/ruimtes", {"naam": "Andere", "sjabloon": "bodemsanering"}, format="json"
    ).json()
    foreign = Membership.objects.get(workspace_id=other["id"])

    response = as_owner.get(members_url(world, f"/{foreign.pk}"))

    assert_problem(response, 404, "not_found")


def test_unknown_member_gets_404(as_owner, world):
    response = as_owner.get(members_url(world, f"/{uuid.uuid4()}"))

    assert_problem(response, 404, "not_found")


def test_manager_adds_a_person_by_email(as_owner, world):
    guest = make_person("gerrit@wdodelta.example", "Gerrit Gast", world.water_board)

    response = as_owner.post(
        members_url(world), {"email": "Gerrit@WDODelta.example", "rol": "bijdrager"}, format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["persoon"]["id"] == str(guest.pk)
    assert body["organisatie"] is None
    assert body["rol"] == "bijdrager"
    assert body["maxVertrouwelijkheidaanduiding"] == "intern"
    assert membership_of(world, user=guest).role == "bijdrager"
    assert AuditEntry.objects.filter(action="membership.created", object_id=body["id"]).exists()


def test_manager_adds_an_organisation_by_oin(as_owner, world):
    response = as_owner.post(
        members_url(world),
        {
            "organisatie": WATER_BOARD_OIN,
            "rol": "lezer",
            "maxVertrouwelijkheidaanduiding": "openbaar",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["organisatie"]["oin"] == WATER_BOARD_OIN
    membership = membership_of(world, organisation=world.water_board)
    assert membership.max_confidentiality == "openbaar"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"organisatie": "123", "rol": "lezer"}, "oin_invalid", "organisatie"),
        (
            {"organisatie": "99999999999999999999", "rol": "lezer"},
            "organisation_unknown",
            "organisatie",
        ),
        ({"email": "niemand@example.org", "rol": "lezer"}, "person_unknown", "email"),
        ({"organisatie": WATER_BOARD_OIN, "rol": "baas"}, "role_unknown", "rol"),
        ({"organisatie": WATER_BOARD_OIN}, "required", "rol"),
        (
            {
                "organisatie": WATER_BOARD_OIN,
                "rol": "lezer",
                "maxVertrouwelijkheidaanduiding": "top",
            },
            "confidentiality_unknown",
            "maxVertrouwelijkheidaanduiding",
        ),
        ({"rol": "lezer"}, "person_or_organisation", "nonFieldErrors"),
        (
            {"rol": "lezer", "email": "otto@wdodelta.example", "organisatie": WATER_BOARD_OIN},
            "person_or_organisation",
            "nonFieldErrors",
        ),
    ],
)
def test_add_refuses_bad_input_and_stores_nothing(as_owner, world, body, code, field):
    unchanged = Unchanged(Membership)

    response = as_owner.post(members_url(world), body, format="json")

    problem = assert_problem(response, 400, code)
    assert field in invalid_names(problem)
    unchanged.check()


def test_adding_a_member_twice_is_a_conflict(as_owner, world):
    unchanged = Unchanged(Membership)

    response = as_owner.post(
        members_url(world), {"email": world.colleague.email, "rol": "lezer"}, format="json"
    )

    assert_problem(response, 409, "already_member")
    unchanged.check()


def test_manager_cannot_grant_above_their_own_level(as_owner, world):
    unchanged = Unchanged(Membership)

    response = as_owner.post(
        members_url(world),
        {
            "organisatie": WATER_BOARD_OIN,
            "rol": "lezer",
            "maxVertrouwelijkheidaanduiding": "geheim",
        },
        format="json",
    )

    assert_problem(response, 403, "confidentiality_above_own")
    unchanged.check()


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_add_members(world, persona):
    client = api_client_for(getattr(world, persona))
    unchanged = Unchanged(Membership)

    response = client.post(
        members_url(world), {"organisatie": WATER_BOARD_OIN, "rol": "lezer"}, format="json"
    )

    assert_problem(response, 403, "role_insufficient")
    unchanged.check()


def test_outsider_cannot_add_members(as_outsider, world):
    unchanged = Unchanged(Membership)

    response = as_outsider.post(
        members_url(world), {"email": world.outsider.email, "rol": "beheerder"}, format="json"
    )

    assert_problem(response, 404, "not_found")
    unchanged.check()


def test_unauthenticated_gets_401_for_members(anonymous, world):
    response = anonymous.get(members_url(world))

    assert_problem(response, 401)


def test_manager_changes_a_role(as_owner, world):
    membership = membership_of(world, user=world.colleague)

    response = as_owner.patch(
        members_url(world, f"/{membership.pk}"), {"rol": "beheerder"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["rol"] == "beheerder"
    membership.refresh_from_db()
    assert membership.role == "beheerder"
    assert AuditEntry.objects.filter(action="membership.updated", object_id=str(membership.pk))


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"rol": "baas"}, "role_unknown"),
        ({"maxVertrouwelijkheidaanduiding": "heel_geheim"}, "confidentiality_unknown"),
        (
            {"rol": "lezer", "maxVertrouwelijkheidaanduiding": "heel_geheim"},
            "confidentiality_unknown",
        ),
        ({"persoon": "iemand"}, "unknown_property"),
    ],
)
def test_change_refuses_bad_input_and_changes_nothing(as_owner, world, body, code):
    membership = membership_of(world, user=world.colleague)
    unchanged = Unchanged(Membership)

    response = as_owner.patch(members_url(world, f"/{membership.pk}"), body, format="json")

    assert_problem(response, 400, code)
    membership.refresh_from_db()
    assert membership.role == "bijdrager"
    unchanged.check()


def test_the_last_manager_cannot_step_down(as_owner, world):
    membership = membership_of(world, user=world.owner)

    response = as_owner.patch(
        members_url(world, f"/{membership.pk}"), {"rol": "lezer"}, format="json"
    )

    assert_problem(response, 409, "last_manager")
    membership.refresh_from_db()
    assert membership.role == "beheerder"


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_change_a_member(world, persona):
    membership = membership_of(world, user=world.colleague)

    response = api_client_for(getattr(world, persona)).patch(
        members_url(world, f"/{membership.pk}"), {"rol": "beheerder"}, format="json"
    )

    assert_problem(response, 403, "role_insufficient")
    membership.refresh_from_db()
    assert membership.role == "bijdrager"


def test_manager_removes_a_member(as_owner, world):
    membership = membership_of(world, organisation=world.municipality)

    response = as_owner.delete(members_url(world, f"/{membership.pk}"))

    assert response.status_code == 204
    assert response["API-Version"]
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.deleted", object_id=str(membership.pk))


def test_removed_partner_loses_access(as_owner, as_partner, world):
    membership = membership_of(world, organisation=world.municipality)
    as_owner.delete(members_url(world, f"/{membership.pk}"))

    response = as_partner.get(workspace_url(world))

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_remove_a_member(world, persona):
    membership = membership_of(world, organisation=world.municipality)
    client = api_client_for(getattr(world, persona))
    unchanged = Unchanged(Membership)

    response = client.delete(members_url(world, f"/{membership.pk}"))

    assert_problem(response, 403, "role_insufficient")
    unchanged.check()


def test_outsider_cannot_remove_a_member(as_outsider, world):
    membership = membership_of(world, user=world.owner)
    unchanged = Unchanged(Membership)

    response = as_outsider.delete(members_url(world, f"/{membership.pk}"))

    assert_problem(response, 404, "not_found")
    unchanged.check()


def test_the_last_manager_cannot_be_removed(as_owner, world):
    membership = membership_of(world, user=world.owner)
    unchanged = Unchanged(Membership)

    response = as_owner.delete(members_url(world, f"/{membership.pk}"))

    assert_problem(response, 409, "last_manager")
    unchanged.check()
