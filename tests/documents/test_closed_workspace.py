"""A closed workspace makes its documents read-only."""

import pytest

from samen.documents.models import Document, Version
from samen.workspaces.models import Status, Workspace
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import PNG, folder_named, make_document, post_document, upload_file


@pytest.fixture
def closed(world):
    document = make_document(world)
    Workspace.objects.filter(pk=world.workspace.pk).update(status=Status.CLOSED)
    return document


def test_upload_to_a_closed_workspace_gets_409(world, closed):
    response = post_document(api_client_for(world.owner), world.workspace)

    assert_problem(response, 409, "workspace_closed")
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("patch", "", {"titel": "Nieuw"}),
        ("delete", "", None),
        ("post", "/lock", None),
        ("post", "/unlock", None),
    ],
)
def test_writes_to_a_document_in_a_closed_workspace_get_409(world, closed, method, suffix, data):
    client = api_client_for(world.owner)

    response = getattr(client, method)(
        f"/api/v1/documenten/{closed.pk}{suffix}", data, format="json"
    )

    assert_problem(response, 409, "workspace_closed")
    closed.refresh_from_db()
    assert (closed.title, closed.deleted_at, closed.locked_by_id) == ("Notitie", None, None)


def test_version_upload_to_a_closed_workspace_gets_409(world, closed):
    response = api_client_for(world.owner).post(
        f"/api/v1/documenten/{closed.pk}/versies",
        {"inhoud": upload_file("kaart.png", PNG)},
        format="multipart",
    )

    assert_problem(response, 409, "workspace_closed")
    assert Version.objects.count() == 1


def test_folders_of_a_closed_workspace_cannot_change(world, closed):
    folder = folder_named(world.workspace, "Nazorg")

    response = api_client_for(world.owner).patch(
        f"/api/v1/mappen/{folder.pk}", {"naam": "Anders"}, format="json"
    )

    assert_problem(response, 409, "workspace_closed")


def test_documents_of_a_closed_workspace_can_still_be_read(world, closed):
    response = api_client_for(world.partner).get(f"/api/v1/documenten/{closed.pk}/inhoud")

    assert response.status_code == 200


def test_resumable_upload_to_a_closed_workspace_gets_409(world, closed):
    response = api_client_for(world.owner).post(
        "/api/v1/uploads",
        {
            "ruimte": str(world.workspace.pk),
            "titel": "Groot",
            "bestandsnaam": "a.bin",
            "bestandsomvang": 10,
        },
        format="json",
    )

    assert_problem(response, 409, "workspace_closed")
