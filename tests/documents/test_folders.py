"""Folders: template folders, create, rename, move, remove."""

from samen.audit.models import AuditEntry
from samen.documents.models import Folder
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import folder_named, make_document


def test_template_folders_exist_nested_when_workspace_is_created(world):
    historic = folder_named(world.workspace, "Historisch onderzoek")

    assert historic.parent is not None
    assert historic.parent.name == "Onderzoek"
    assert historic.parent.parent is None
    assert folder_named(world.workspace, "Nazorg").parent is None


def test_member_lists_the_folders_paged(world):
    response = api_client_for(world.partner).get(f"/api/v1/ruimtes/{world.workspace.pk}/mappen")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Folder.objects.filter(workspace=world.workspace).count()
    assert "Historisch onderzoek" in {folder["naam"] for folder in body["results"]}


def test_outsider_gets_404_for_the_folders(world):
    response = api_client_for(world.outsider).get(f"/api/v1/ruimtes/{world.workspace.pk}/mappen")

    assert_problem(response, 404, "not_found")


def test_contributor_creates_a_subfolder(world):
    parent = folder_named(world.workspace, "Meetgegevens")

    response = api_client_for(world.colleague).post(
        f"/api/v1/ruimtes/{world.workspace.pk}/mappen",
        {"naam": "Peilbuizen", "bovenliggendeMap": str(parent.pk)},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["bovenliggendeMap"] == str(parent.pk)
    assert Folder.objects.filter(parent=parent, name="Peilbuizen").exists()
    assert AuditEntry.objects.filter(action="folder.created").count() == 1


def test_reader_cannot_create_a_folder(world):
    response = api_client_for(world.partner).post(
        f"/api/v1/ruimtes/{world.workspace.pk}/mappen", {"naam": "Eigen map"}, format="json"
    )

    assert_problem(response, 403, "role_insufficient")
    assert not Folder.objects.filter(name="Eigen map").exists()


def test_sibling_names_are_unique_ignoring_case(world):
    response = api_client_for(world.owner).post(
        f"/api/v1/ruimtes/{world.workspace.pk}/mappen", {"naam": "nazorg"}, format="json"
    )

    assert_problem(response, 409, "folder_name_taken")
    assert Folder.objects.filter(workspace=world.workspace, name__iexact="nazorg").count() == 1


def test_folder_is_renamed_and_moved(world):
    folder = folder_named(world.workspace, "Nazorg")
    target = folder_named(world.workspace, "Uitvoering")

    response = api_client_for(world.owner).patch(
        f"/api/v1/mappen/{folder.pk}",
        {"naam": "Nazorg en monitoring", "bovenliggendeMap": str(target.pk)},
        format="json",
    )

    assert response.status_code == 200, response.content
    folder.refresh_from_db()
    assert (folder.name, folder.parent_id) == ("Nazorg en monitoring", target.pk)
    entry = AuditEntry.objects.get(action="folder.updated")
    assert entry.changes["naam"] == {"old": "Nazorg", "new": "Nazorg en monitoring"}


def test_folder_cannot_move_into_its_own_subfolder(world):
    research = folder_named(world.workspace, "Onderzoek")
    historic = folder_named(world.workspace, "Historisch onderzoek")

    response = api_client_for(world.owner).patch(
        f"/api/v1/mappen/{research.pk}", {"bovenliggendeMap": str(historic.pk)}, format="json"
    )

    assert_problem(response, 409, "folder_cycle")
    research.refresh_from_db()
    assert research.parent_id is None


def test_folder_with_a_document_cannot_be_removed(world):
    folder = folder_named(world.workspace, "Nazorg")
    make_document(world, folder=folder)

    response = api_client_for(world.owner).delete(f"/api/v1/mappen/{folder.pk}")

    assert_problem(response, 409, "folder_not_empty")
    assert Folder.objects.filter(pk=folder.pk).exists()


def test_empty_folder_is_removed(world):
    folder = folder_named(world.workspace, "Nazorg")

    response = api_client_for(world.owner).delete(f"/api/v1/mappen/{folder.pk}")

    assert response.status_code == 204
    assert not Folder.objects.filter(pk=folder.pk).exists()
    assert AuditEntry.objects.filter(action="folder.deleted", object_id=str(folder.pk)).exists()


def test_folder_of_another_workspace_is_not_a_parent(world):
    from samen.workspaces import actions as ws_actions
    from samen.workspaces.models import Template

    other = ws_actions.create_workspace(
        actor=world.owner, name="Ander project", template=Template.objects.get(slug="leeg")
    )
    foreign = Folder.objects.create(workspace=other, name="Elders")

    response = api_client_for(world.owner).post(
        f"/api/v1/ruimtes/{world.workspace.pk}/mappen",
        {"naam": "Kind", "bovenliggendeMap": str(foreign.pk)},
        format="json",
    )

    assert_problem(response, 400, "folder_unknown")
    assert not Folder.objects.filter(name="Kind").exists()
