"""Check-out locks: others' writes get 423 naming the holder; managers can force."""

from samen.audit.models import AuditEntry
from samen.documents.models import Version
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import PNG, make_document, upload_file


def lock(world, user, document):
    return api_client_for(user).post(f"/api/v1/documenten/{document.pk}/lock")


def test_contributor_locks_a_document(world):
    document = make_document(world)

    response = lock(world, world.colleague, document)

    assert response.status_code == 200
    assert response.json()["vergrendeldDoor"]["naam"] == "Coen Collega"
    assert AuditEntry.objects.filter(action="document.locked").exists()


def test_version_upload_to_a_locked_document_gets_423_naming_the_holder(world, content_storage):
    document = make_document(world)
    lock(world, world.colleague, document)

    response = api_client_for(world.owner).post(
        f"/api/v1/documenten/{document.pk}/versies",
        {"inhoud": upload_file("kaart.png", PNG, "image/png")},
        format="multipart",
    )

    body = assert_problem(response, 423, "document_locked")
    assert body["vergrendeldDoor"] == {"id": str(world.colleague.pk), "naam": "Coen Collega"}
    assert Version.objects.filter(document=document).count() == 1
    assert len([p for p in content_storage.rglob("*") if p.is_file()]) == 1


def test_holder_may_still_write(world):
    document = make_document(world)
    lock(world, world.colleague, document)

    response = api_client_for(world.colleague).patch(
        f"/api/v1/documenten/{document.pk}", {"titel": "Bijgewerkt"}, format="json"
    )

    assert response.status_code == 200


def test_metadata_edit_and_delete_of_a_locked_document_get_423(world):
    document = make_document(world)
    lock(world, world.colleague, document)
    client = api_client_for(world.owner)

    edit = client.patch(f"/api/v1/documenten/{document.pk}", {"titel": "X"}, format="json")
    delete = client.delete(f"/api/v1/documenten/{document.pk}")

    assert_problem(edit, 423, "document_locked")
    assert_problem(delete, 423, "document_locked")
    document.refresh_from_db()
    assert (document.title, document.deleted_at) == ("Notitie", None)


def test_second_lock_by_someone_else_gets_423(world):
    document = make_document(world)
    lock(world, world.colleague, document)

    response = lock(world, world.owner, document)

    assert_problem(response, 423, "document_locked")


def test_reader_cannot_lock(world):
    document = make_document(world)

    response = lock(world, world.partner, document)

    assert_problem(response, 403, "role_insufficient")


def test_manager_forces_a_lock_open_and_it_is_audited(world):
    document = make_document(world)
    lock(world, world.colleague, document)

    response = api_client_for(world.owner).post(f"/api/v1/documenten/{document.pk}/unlock")

    assert response.status_code == 200
    assert response.json()["vergrendeldDoor"] is None
    entry = AuditEntry.objects.get(action="document.unlocked")
    assert entry.changes["geforceerd"] is True
    assert entry.changes["vergrendeldDoor"] == str(world.colleague.pk)


def test_contributor_cannot_unlock_someone_elses_lock(world):
    from samen.workspaces import actions as ws_actions
    from samen.workspaces.access import workspace_for
    from samen.workspaces.models import Role
    from tests.conftest import make_person

    other = make_person("cor@overijssel.example", "Cor Collega", world.province)
    ws_actions.add_member(
        actor=world.owner,
        access=workspace_for(world.owner, world.workspace.pk),
        user=other,
        role=Role.CONTRIBUTOR,
    )
    document = make_document(world)
    lock(world, world.colleague, document)

    response = api_client_for(other).post(f"/api/v1/documenten/{document.pk}/unlock")

    assert_problem(response, 423, "document_locked")
    document.refresh_from_db()
    assert document.locked_by_id == world.colleague.pk
