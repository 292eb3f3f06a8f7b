"""GET|POST /ruimtes and GET|PATCH /ruimtes/{id}."""

import uuid

import pytest

from samen.audit.models import AuditEntry
from samen.workspaces.models import Membership, Workspace
from tests.api.conftest import BASE, Unchanged, assert_problem, invalid_names, workspace_url
from tests.conftest import api_client_for


def create(client, **body):
    return client.post(f"{BASE}/ruimtes", body, format="json")


def test_list_shows_the_callers_workspaces_with_their_access(as_partner, world):
    response = as_partner.get(f"{BASE}/ruimtes")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["results"]
    assert item["id"] == str(world.workspace.pk)
    assert item["url"] == f"http://testserver{workspace_url(world)}"
    assert item["naam"] == "Bodemsanering Zwolle-Zuid"
    assert item["sjabloon"] == "bodemsanering"
    assert item["eigenaar"]["oin"] == world.province.oin
    assert item["toegang"] == {"rol": "lezer", "maxVertrouwelijkheidaanduiding": "intern"}
    assert item["aangemaaktOp"].endswith("Z")


def test_outsider_lists_nothing(as_outsider):
    response = as_outsider.get(f"{BASE}/ruimtes")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_list_is_paged_with_page_size(as_owner, world):
    for number in range(3):
        create(as_owner, naam=f"Extra {number}", sjabloon="omgevingsvisie")

    first = as_owner.get(f"{BASE}/ruimtes", {"pageSize": 2})
    second = as_owner.get(first.json()["next"])

    assert first.status_code == 200
    assert first.json()["count"] == 4
    assert len(first.json()["results"]) == 2
    assert "pageSize=2" in first.json()["next"]
    assert len(second.json()["results"]) == 2
    names = {item["naam"] for item in first.json()["results"] + second.json()["results"]}
    assert len(names) == 4


def test_page_past_the_end_gets_404_problem(as_owner):
    response = as_owner.get(f"{BASE}/ruimtes", {"page": 99})

    assert_problem(response, 404, "not_found")


def test_list_filters_by_status(as_owner, world):
    response = as_owner.get(f"{BASE}/ruimtes", {"status": "gesloten"})

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_list_refuses_an_unknown_status(as_owner):
    response = as_owner.get(f"{BASE}/ruimtes", {"status": "weg"})

    body = assert_problem(response, 400, "status_unknown")
    assert invalid_names(body) == {"status"}


def test_create_opens_a_workspace_with_the_caller_as_manager(as_colleague, world):
    response = create(
        as_colleague, naam="  Dijkversterking  ", sjabloon="omgevingsvisie", beschrijving="Kort."
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["naam"] == "Dijkversterking"
    assert body["beschrijving"] == "Kort."
    assert body["sjabloon"] == "omgevingsvisie"
    assert body["status"] == "open"
    assert body["toegang"]["rol"] == "beheerder"
    workspace = Workspace.objects.get(pk=body["id"])
    assert workspace.owner == world.province
    assert Membership.objects.get(workspace=workspace).user == world.colleague
    assert AuditEntry.objects.filter(workspace_id=workspace.pk, action="workspace.created").exists()


def test_create_takes_a_phase(as_owner):
    response = create(as_owner, naam="Met fase", sjabloon="bodemsanering", fase="realisatie")

    assert response.status_code == 201
    assert response.json()["fase"] == "realisatie"


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"naam": "", "sjabloon": "bodemsanering"}, 400, "name_required", "naam"),
        ({"naam": "   ", "sjabloon": "bodemsanering"}, 400, "name_required", "naam"),
        ({"naam": None, "sjabloon": "bodemsanering"}, 400, "name_required", "naam"),
        ({"naam": "x" * 10_000, "sjabloon": "bodemsanering"}, 400, "name_too_long", "naam"),
        ({"naam": "Goed", "sjabloon": "bestaat-niet"}, 400, "template_unknown", "sjabloon"),
        ({"naam": "Goed"}, 400, "required", "sjabloon"),
        ({"sjabloon": "bodemsanering"}, 400, "required", "naam"),
        ({"naam": "Goed", "sjabloon": "bodemsanering", "fase": "af"}, 400, "phase_unknown", "fase"),
        (
            {"naam": "Goed", "sjabloon": "bodemsanering", "beschrijving": "x" * 5001},
            400,
            "description_too_long",
            "beschrijving",
        ),
        ({"name": "Engels", "sjabloon": "bodemsanering"}, 400, None, "name"),
    ],
)
def test_create_refuses_bad_input_and_stores_nothing(as_owner, body, status, code, field):
    unchanged = Unchanged(Workspace, Membership)

    response = create(as_owner, **body)

    problem = assert_problem(response, status, code)
    assert field in invalid_names(problem)
    unchanged.check()


def test_person_without_organisation_cannot_create(world):
    from tests.conftest import make_person

    loner = make_person("zonder@example.org", "Zonder Organisatie", world.province)
    loner.organisation = None
    loner.save()
    client = api_client_for(loner)
    unchanged = Unchanged(Workspace)

    response = create(client, naam="Los", sjabloon="bodemsanering")

    assert_problem(response, 403, "no_organisation")
    unchanged.check()


def test_unauthenticated_cannot_create(anonymous):
    unchanged = Unchanged(Workspace)

    response = create(anonymous, naam="Anoniem", sjabloon="bodemsanering")

    assert_problem(response, 401)
    unchanged.check()


def test_member_reads_a_workspace(as_colleague, world):
    response = as_colleague.get(workspace_url(world))

    assert response.status_code == 200
    assert response.json()["id"] == str(world.workspace.pk)
    assert response.json()["toegang"]["rol"] == "bijdrager"


def test_outsider_gets_404(as_outsider, world):
    response = as_outsider.get(workspace_url(world))

    assert_problem(response, 404, "not_found")


def test_unknown_workspace_gets_the_same_404(as_outsider):
    response = as_outsider.get(f"{BASE}/ruimtes/{uuid.uuid4()}")

    assert_problem(response, 404, "not_found")


def test_manager_renames_and_moves_phase(as_owner, world):
    response = as_owner.patch(
        workspace_url(world), {"naam": "Zwolle-Zuid fase 2", "fase": "realisatie"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["naam"] == "Zwolle-Zuid fase 2"
    world.workspace.refresh_from_db()
    assert world.workspace.name == "Zwolle-Zuid fase 2"
    assert world.workspace.phase == "realisatie"
    entry = AuditEntry.objects.filter(action="workspace.updated").get()
    assert entry.changes["name"]["new"] == "Zwolle-Zuid fase 2"


def test_manager_closes_the_workspace(as_owner, world):
    response = as_owner.patch(workspace_url(world), {"status": "gesloten"}, format="json")

    assert response.status_code == 200
    world.workspace.refresh_from_db()
    assert world.workspace.status == "gesloten"


def test_closed_workspace_refuses_a_rename(as_owner, world):
    as_owner.patch(workspace_url(world), {"status": "gesloten"}, format="json")

    response = as_owner.patch(workspace_url(world), {"naam": "Later"}, format="json")

    assert_problem(response, 409, "workspace_closed")


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_cannot_patch(world, persona):
    client = api_client_for(getattr(world, persona))
    unchanged = Unchanged(Workspace)

    response = client.patch(workspace_url(world), {"naam": "Overgenomen"}, format="json")

    assert_problem(response, 403, "role_insufficient")
    world.workspace.refresh_from_db()
    assert world.workspace.name == "Bodemsanering Zwolle-Zuid"
    unchanged.check()


def test_reader_is_refused_even_an_empty_patch(as_partner, world):
    response = as_partner.patch(workspace_url(world), {}, format="json")

    assert_problem(response, 403, "role_insufficient")


def test_outsider_patch_gets_404(as_outsider, world):
    unchanged = Unchanged(Workspace)

    response = as_outsider.patch(workspace_url(world), {"naam": "Van mij"}, format="json")

    assert_problem(response, 404, "not_found")
    unchanged.check()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"naam": ""}, "name_required"),
        ({"naam": "x" * 10_000}, "name_too_long"),
        ({"fase": "klaar"}, "phase_unknown"),
        ({"status": "weg"}, "status_unknown"),
        ({"status": "gearchiveerd"}, "status_transition"),
        ({"naam": "Goed", "fase": "klaar"}, "phase_unknown"),
    ],
)
def test_patch_refuses_bad_input_and_changes_nothing(as_owner, world, body, code):
    unchanged = Unchanged(Workspace)

    response = as_owner.patch(workspace_url(world), body, format="json")

    assert response.status_code in (400, 409)
    assert_problem(response, response.status_code, code)
    world.workspace.refresh_from_db()
    assert world.workspace.name == "Bodemsanering Zwolle-Zuid"
    assert world.workspace.status == "open"
    unchanged.check()
