"""GET /ruimtes/{id}/audittrail: the workspace's entries, newest first, for its managers."""

import uuid

import pytest

from samen.audit.models import AuditEntry
from tests.api.conftest import assert_problem, workspace_url
from tests.conftest import api_client_for


def trail_url(world, suffix=""):
    return workspace_url(world, f"/audittrail{suffix}")


def test_manager_reads_the_trail_newest_first(as_owner, world):
    as_owner.patch(workspace_url(world), {"naam": "Nieuwe naam"}, format="json")

    response = as_owner.get(trail_url(world))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == AuditEntry.objects.filter(workspace_id=world.workspace.pk).count()
    newest = body["results"][0]
    assert newest["actie"] == "workspace.updated"
    assert newest["actor"] == {
        "id": str(world.owner.pk),
        "naam": "Olga Eigenaar",
        "organisatie": world.province.oin,
    }
    assert newest["wijzigingen"]["name"]["new"] == "Nieuwe naam"
    assert newest["tijdstip"].endswith("Z")
    assert newest["vorigeHash"] != newest["hash"]
    positions = [item["positie"] for item in body["results"]]
    assert positions == sorted(positions, reverse=True)


def test_trail_holds_only_this_workspaces_entries(as_owner, world):
    as_owner.post("/api/v1/ruimtes", {"naam": "Ander", "sjabloon": "bodemsanering"}, format="json")

    response = as_owner.get(trail_url(world), {"pageSize": 100})

    ids = {item["id"] for item in response.json()["results"]}
    expected = AuditEntry.objects.filter(workspace_id=world.workspace.pk).values_list(
        "id", flat=True
    )
    assert ids == {str(entry_id) for entry_id in expected}


def test_trail_is_paged(as_owner, world):
    response = as_owner.get(trail_url(world), {"pageSize": 1})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    assert response.json()["count"] > 1


def test_one_entry_is_read_by_its_url(as_owner, world):
    url = as_owner.get(trail_url(world)).json()["results"][0]["url"]

    response = as_owner.get(url)

    assert response.status_code == 200
    assert response.json()["url"] == url


def test_entry_of_another_workspace_is_not_found_here(as_owner, world):
    other = as_owner.post(
        "/api/v1/ruimtes", {"naam": "Ander", "sjabloon": "bodemsanering"}, format="json"
    ).json()
    foreign = AuditEntry.objects.filter(workspace_id=other["id"]).first()

    response = as_owner.get(trail_url(world, f"/{foreign.id}"))

    assert_problem(response, 404, "not_found")


def test_outsider_gets_404(as_outsider, world):
    response = as_outsider.get(trail_url(world))

    assert_problem(response, 404, "not_found")


def test_outsider_gets_404_for_an_entry(as_outsider, world):
    entry = AuditEntry.objects.filter(workspace_id=world.workspace.pk).first()

    response = as_outsider.get(trail_url(world, f"/{entry.id}"))

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("persona", ["partner", "colleague"])
def test_non_manager_gets_403(world, persona):
    response = api_client_for(getattr(world, persona)).get(trail_url(world))

    assert_problem(response, 403, "role_insufficient")


def test_unknown_entry_gets_404(as_owner, world):
    response = as_owner.get(trail_url(world, f"/{uuid.uuid4()}"))

    assert_problem(response, 404, "not_found")


def test_trail_cannot_be_written(as_owner, world):
    response = as_owner.post(trail_url(world), {"actie": "vervalst"}, format="json")

    assert_problem(response, 405, "method_not_allowed")


def test_unauthenticated_gets_401(anonymous, world):
    response = anonymous.get(trail_url(world))

    assert_problem(response, 401)
