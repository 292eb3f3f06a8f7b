"""Delete moves to the trash; restore within the trash time; managers purge."""

from datetime import timedelta

from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.documents.models import Document, Version
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import make_document, stored_files


def test_delete_moves_to_the_trash(world):
    document = make_document(world)
    client = api_client_for(world.colleague)

    response = client.delete(f"/api/v1/documenten/{document.pk}")

    assert response.status_code == 204
    assert client.get(f"/api/v1/documenten/{document.pk}").status_code == 404
    listed = client.get("/api/v1/documenten", {"ruimte": str(world.workspace.pk)}).json()
    trash = client.get(
        "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "prullenbak": "true"}
    ).json()
    assert listed["count"] == 0
    assert [item["id"] for item in trash["results"]] == [str(document.pk)]
    assert trash["results"][0]["verwijderdOp"]


def test_restore_brings_it_back(world):
    document = make_document(world)
    client = api_client_for(world.colleague)
    client.delete(f"/api/v1/documenten/{document.pk}")

    response = client.post(f"/api/v1/documenten/{document.pk}/herstellen")

    assert response.status_code == 200
    assert response.json()["verwijderdOp"] is None
    assert client.get(f"/api/v1/documenten/{document.pk}/inhoud").status_code == 200
    assert AuditEntry.objects.filter(action="document.restored").exists()


def test_restore_after_the_trash_time_is_refused(world, settings):
    settings.TRASH_DAYS = 30
    document = make_document(world)
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now() - timedelta(days=31))

    response = api_client_for(world.owner).post(f"/api/v1/documenten/{document.pk}/herstellen")

    assert_problem(response, 409, "trash_expired")


def test_manager_purges_content_but_audit_entries_stay(
    world, content_storage, django_capture_on_commit_callbacks
):
    document = make_document(world)
    client = api_client_for(world.owner)
    client.delete(f"/api/v1/documenten/{document.pk}")
    entries_before = AuditEntry.objects.filter(object_id=str(document.pk)).count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/documenten/{document.pk}/vernietigen")

    assert response.status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Version.objects.filter(document_id=document.pk).exists()
    assert stored_files(content_storage) == []
    assert AuditEntry.objects.filter(object_id=str(document.pk)).count() == entries_before + 1


def test_contributor_cannot_purge(world, content_storage):
    document = make_document(world)
    client = api_client_for(world.colleague)
    client.delete(f"/api/v1/documenten/{document.pk}")

    response = client.post(f"/api/v1/documenten/{document.pk}/vernietigen")

    assert_problem(response, 403, "role_insufficient")
    assert len(stored_files(content_storage)) == 1


def test_document_outside_the_trash_cannot_be_purged(world):
    document = make_document(world)

    response = api_client_for(world.owner).post(f"/api/v1/documenten/{document.pk}/vernietigen")

    assert_problem(response, 404, "not_found")
    assert Document.objects.filter(pk=document.pk).exists()


def test_reader_cannot_delete(world):
    document = make_document(world)

    response = api_client_for(world.partner).delete(f"/api/v1/documenten/{document.pk}")

    assert_problem(response, 403, "role_insufficient")
    document.refresh_from_db()
    assert document.deleted_at is None
