"""The documents pages with the personas: what each may see and do."""

import hashlib

import pytest
from django.urls import reverse

from samen.documents.actions import create_document, create_folder, trash_document
from samen.documents.models import Document, Folder
from samen.documents.uploads import HashedUploadedFile
from samen.workspaces.access import workspace_for
from samen.workspaces.confidentiality import Confidentiality


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Pages link static files; the manifest exists only after collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def received(data: bytes, name: str):
    upload = HashedUploadedFile(name, "text/plain", None)
    upload.append(data)
    upload.finish()
    return upload


@pytest.fixture
def document(world):
    access = workspace_for(world.owner, world.workspace.pk)
    made, _warnings = create_document(
        actor=world.owner,
        access=access,
        received=received(b"Het saneringsplan, versie een.", "plan.txt"),
        title="Saneringsplan",
    )
    return made


@pytest.fixture
def secret(world):
    """A document above the partner's level (readers from the municipality get intern)."""
    access = workspace_for(world.owner, world.workspace.pk)
    made, _warnings = create_document(
        actor=world.owner,
        access=access,
        received=received(b"Onderhandelingsruimte.", "budget.txt"),
        title="Budgetnotitie",
        confidentiality=Confidentiality.ZAAKVERTROUWELIJK,
    )
    return made


def client_for(client, user):
    client.force_login(user)
    return client


def list_url(world) -> str:
    return reverse("documents:list", args=[world.workspace.pk])


def test_member_sees_documents_and_folders(client, world, document):
    response = client_for(client, world.colleague).get(list_url(world))

    assert response.status_code == 200
    assert "Saneringsplan" in response.content.decode()
    folder = Folder.objects.filter(workspace=world.workspace, parent=None).first()
    assert folder.name in response.content.decode()


def test_outsider_gets_404_on_every_documents_page(client, world, document):
    client_for(client, world.outsider)
    urls = [
        list_url(world),
        reverse("documents:trash", args=[world.workspace.pk]),
        reverse("documents:detail", args=[document.pk]),
        reverse("documents:download", args=[document.pk]),
        reverse("documents:edit", args=[document.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_outsider_cannot_trash_a_document(client, world, document):
    response = client_for(client, world.outsider).post(
        reverse("documents:trash_document", args=[document.pk])
    )

    assert response.status_code == 404
    assert Document.objects.get(pk=document.pk).deleted_at is None


def test_anonymous_visitor_is_sent_to_log_in(client, world):
    response = client.get(list_url(world))

    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_document_above_the_members_level_is_invisible(client, world, document, secret):
    client_for(client, world.partner)

    listing = client.get(list_url(world))
    detail = client.get(reverse("documents:detail", args=[secret.pk]))

    assert listing.status_code == 200
    assert "Saneringsplan" in listing.content.decode()
    assert "Budgetnotitie" not in listing.content.decode()
    assert detail.status_code == 404


def test_reader_sees_no_upload_form(client, world, document):
    response = client_for(client, world.partner).get(list_url(world))

    assert response.status_code == 200
    assert b"data-upload-form" not in response.content


def test_reader_cannot_upload(client, world):
    upload = received(b"inhoud", "notitie.txt")
    response = client_for(client, world.partner).post(
        reverse("documents:upload", args=[world.workspace.pk]),
        {"inhoud": upload, "confidentiality": "openbaar"},
    )

    assert response.status_code == 403
    assert not Document.objects.filter(title="notitie").exists()


@pytest.mark.parametrize("name", ["lock", "trash_document"])
def test_reader_cannot_change_a_document(client, world, document, name):
    response = client_for(client, world.partner).post(
        reverse(f"documents:{name}", args=[document.pk])
    )

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.locked_by is None
    assert document.deleted_at is None


def test_reader_cannot_open_the_edit_form(client, world, document):
    response = client_for(client, world.partner).get(reverse("documents:edit", args=[document.pk]))

    assert response.status_code == 403


def test_reader_cannot_make_a_folder(client, world):
    response = client_for(client, world.partner).post(
        reverse("documents:create_folder", args=[world.workspace.pk]), {"name": "Nieuw"}
    )

    assert response.status_code == 403
    assert not Folder.objects.filter(name="Nieuw").exists()


def test_contributor_uploads_several_files_without_script(client, world):
    folder = Folder.objects.filter(workspace=world.workspace).first()
    files = [received(b"eerste", "een.txt"), received(b"tweede", "twee.txt")]

    response = client_for(client, world.colleague).post(
        reverse("documents:upload", args=[world.workspace.pk]),
        {"inhoud": files, "confidentiality": "intern", "folder": str(folder.pk)},
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?map={folder.pk}")
    made = Document.objects.filter(folder=folder).order_by("title")
    assert [d.title for d in made] == ["een", "twee"]
    assert made[0].latest_version.sha256 == hashlib.sha256(b"eerste").hexdigest()
    assert {d.confidentiality for d in made} == {"intern"}


def test_upload_above_own_level_is_refused_with_a_message(client, world):
    response = client_for(client, world.colleague).post(
        reverse("documents:upload", args=[world.workspace.pk]),
        {"inhoud": received(b"x", "x.txt"), "confidentiality": "zeer_geheim"},
        follow=True,
    )

    assert response.status_code == 200
    assert not Document.objects.filter(title="x").exists()
    assert list(response.context["messages"])


def test_detail_shows_versions_and_download_gives_the_bytes(client, world, document):
    client_for(client, world.partner)

    detail = client.get(reverse("documents:detail", args=[document.pk]))
    download = client.get(reverse("documents:download", args=[document.pk]) + "?versie=1")

    assert detail.status_code == 200
    assert "plan.txt" in detail.content.decode()
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Het saneringsplan, versie een."
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_download_of_a_missing_version_is_404(client, world, document):
    response = client_for(client, world.owner).get(
        reverse("documents:download", args=[document.pk]) + "?versie=7"
    )

    assert response.status_code == 404


def test_contributor_edits_the_details(client, world, document):
    response = client_for(client, world.colleague).post(
        reverse("documents:edit", args=[document.pk]),
        {
            "title": "Saneringsplan definitief",
            "description": "Vastgesteld plan",
            "confidentiality": "intern",
            "status": "definitief",
            "author": "Coen Collega",
            "keywords": "bodem, sanering",
            "creation_date": "2026-11-30",
            "folder": "",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Saneringsplan definitief"
    assert document.keywords == ["bodem", "sanering"]
    assert document.status == "definitief"


def test_edit_with_an_empty_title_shows_the_error_and_changes_nothing(client, world, document):
    response = client_for(client, world.colleague).post(
        reverse("documents:edit", args=[document.pk]),
        {
            "title": "",
            "confidentiality": "intern",
            "status": "definitief",
            "author": "C",
            "creation_date": "2026-11-30",
        },
    )

    assert response.status_code == 400
    assert b"data-error-summary" in response.content
    document.refresh_from_db()
    assert document.title == "Saneringsplan"


def test_lock_blocks_others_until_unlocked(client, world, document):
    client_for(client, world.owner).post(reverse("documents:lock", args=[document.pk]))
    client.force_login(world.colleague)

    trashed = client.post(reverse("documents:trash_document", args=[document.pk]), follow=True)

    assert trashed.status_code == 200
    assert Document.objects.get(pk=document.pk).deleted_at is None
    client.force_login(world.owner)
    client.post(reverse("documents:unlock", args=[document.pk]))
    assert Document.objects.get(pk=document.pk).locked_by is None


def test_trash_restore_and_purge(client, world, document):
    client_for(client, world.colleague).post(
        reverse("documents:trash_document", args=[document.pk])
    )

    trash_page = client.get(reverse("documents:trash", args=[world.workspace.pk]))
    restored = client.post(reverse("documents:restore", args=[document.pk]))

    assert trash_page.status_code == 200
    assert "Saneringsplan" in trash_page.content.decode()
    assert restored.status_code == 302
    assert Document.objects.get(pk=document.pk).deleted_at is None


def test_only_a_manager_purges_from_the_trash(client, world, document):
    access = workspace_for(world.owner, world.workspace.pk)
    trash_document(actor=world.owner, access=access, document=document)

    refused = client_for(client, world.colleague).post(
        reverse("documents:purge", args=[document.pk])
    )
    client.force_login(world.owner)
    purged = client.post(reverse("documents:purge", args=[document.pk]))

    assert refused.status_code == 403
    assert purged.status_code == 302
    assert not Document.objects.filter(pk=document.pk).exists()


def test_contributor_makes_and_renames_a_folder(client, world):
    client_for(client, world.colleague)

    made = client.post(
        reverse("documents:create_folder", args=[world.workspace.pk]), {"name": "Vergunningen"}
    )
    folder = Folder.objects.get(workspace=world.workspace, name="Vergunningen")
    renamed = client.post(
        reverse("documents:rename_folder", args=[folder.pk]), {"name": "Besluiten"}
    )

    assert made.status_code == 302
    assert renamed.status_code == 302
    folder.refresh_from_db()
    assert folder.name == "Besluiten"


def test_duplicate_folder_name_gives_a_message(client, world):
    access = workspace_for(world.owner, world.workspace.pk)
    create_folder(actor=world.owner, access=access, name="Dubbel", parent=None)

    response = client_for(client, world.colleague).post(
        reverse("documents:create_folder", args=[world.workspace.pk]),
        {"name": "dubbel"},
        follow=True,
    )

    assert response.status_code == 200
    assert Folder.objects.filter(workspace=world.workspace, name__iexact="dubbel").count() == 1
    assert any("dubbel" in str(m).lower() for m in response.context["messages"])


def test_folder_of_another_workspace_is_404(client, world):
    response = client_for(client, world.owner).get(
        list_url(world) + "?map=00000000-0000-0000-0000-000000000001"
    )

    assert response.status_code == 404


def test_detail_tells_whether_the_text_was_read(client, world, document):
    from samen.worker.runner import Runner

    client_for(client, world.owner)
    url = reverse("documents:detail", args=[document.pk])

    before = client.get(url)
    Runner(worker_id="test", interval=0, run_loops=False).run(until_idle=True)
    after = client.get(url)

    assert "wacht op verwerking" in before.content.decode()
    assert "gelezen, 30 tekens" in after.content.decode()
