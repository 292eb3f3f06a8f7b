"""Uploading, reading, editing and versioning documents through the API."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samen.audit.models import AuditEntry
from samen.documents.models import Document, Version
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import (
    PDF,
    PNG,
    folder_named,
    make_document,
    post_document,
    sha256,
    upload_file,
)


def test_upload_answers_metadata_and_server_computed_hash(world):
    folder = folder_named(world.workspace, "Saneringsplan")

    response = post_document(
        api_client_for(world.colleague),
        world.workspace,
        map=str(folder.pk),
        beschrijving="Plan van aanpak",
        vertrouwelijkheidaanduiding="zaakvertrouwelijk",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["integriteit"] == {
        "algoritme": "sha_256",
        "waarde": sha256(PDF),
        "datum": body["integriteit"]["datum"],
    }
    assert body["integriteit"]["datum"] == str(timezone.localdate())
    assert (body["versie"], body["bestandsnaam"], body["bestandsomvang"]) == (
        1,
        "rapport.pdf",
        len(PDF),
    )
    assert body["map"] == str(folder.pk)
    assert body["auteur"] == "Coen Collega"
    assert body["bronorganisatie"] == world.province.oin
    assert body["status"] == "in_bewerking"
    assert body["waarschuwingen"] == []
    assert response["Location"] == body["url"]
    document = Document.objects.get(pk=body["id"])
    assert document.confidentiality == "zaakvertrouwelijk"
    assert AuditEntry.objects.filter(action="document.created", object_id=str(document.pk)).exists()


def test_reader_cannot_upload(world):
    response = post_document(api_client_for(world.partner), world.workspace)

    assert_problem(response, 403, "role_insufficient")
    assert Document.objects.count() == 0


def test_outsider_gets_404_when_uploading(world):
    response = post_document(api_client_for(world.outsider), world.workspace)

    assert_problem(response, 404, "not_found")
    assert Document.objects.count() == 0


def test_outsider_gets_404_for_a_document(world):
    document = make_document(world)

    response = api_client_for(world.outsider).get(f"/api/v1/documenten/{document.pk}")

    assert_problem(response, 404, "not_found")


def test_list_is_filtered_by_workspace_and_folder(world):
    folder = folder_named(world.workspace, "Meetgegevens")
    inside = make_document(world, title="Boringen", folder=folder)
    make_document(world, title="Losse notitie")
    client = api_client_for(world.colleague)

    everything = client.get("/api/v1/documenten", {"ruimte": str(world.workspace.pk)})
    in_folder = client.get(
        "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "map": str(folder.pk)}
    )

    assert everything.status_code == 200
    assert everything.json()["count"] == 2
    assert [item["id"] for item in in_folder.json()["results"]] == [str(inside.pk)]


def test_list_without_workspace_is_refused(world):
    response = api_client_for(world.owner).get("/api/v1/documenten")

    assert_problem(response, 400, "ruimte_required")


def test_metadata_edit_is_audited_and_makes_no_version(world):
    document = make_document(world, title="Concept")

    response = api_client_for(world.colleague).patch(
        f"/api/v1/documenten/{document.pk}",
        {"titel": "Definitief rapport", "status": "definitief", "trefwoorden": ["bodem", "lood"]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["titel"] == "Definitief rapport"
    assert response.json()["versie"] == 1
    assert Version.objects.filter(document=document).count() == 1
    entry = AuditEntry.objects.get(action="document.updated", object_id=str(document.pk))
    assert entry.changes["titel"] == {"old": "Concept", "new": "Definitief rapport"}
    assert entry.changes["trefwoorden"] == {"old": [], "new": ["bodem", "lood"]}
    assert entry.changes["vertrouwelijkheidaanduiding"] == {"old": "intern", "new": "intern"}


def test_unknown_status_is_refused(world):
    document = make_document(world)

    response = api_client_for(world.owner).patch(
        f"/api/v1/documenten/{document.pk}", {"status": "klaar"}, format="json"
    )

    assert_problem(response, 400, "status_unknown")
    document.refresh_from_db()
    assert document.status == "in_bewerking"


def test_new_version_keeps_the_old_one_downloadable(world):
    document = make_document(world)
    client = api_client_for(world.colleague)

    response = client.post(
        f"/api/v1/documenten/{document.pk}/versies",
        {"inhoud": upload_file("kaart.png", PNG, "image/png")},
        format="multipart",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["versie"], response.json()["formaat"]) == (2, "image/png")
    latest = client.get(f"/api/v1/documenten/{document.pk}/inhoud")
    first = client.get(f"/api/v1/documenten/{document.pk}/inhoud", {"versie": 1})
    assert b"".join(latest.streaming_content) == PNG
    assert b"".join(first.streaming_content) == PDF
    versions = client.get(f"/api/v1/documenten/{document.pk}/versies").json()
    assert sorted(item["versie"] for item in versions["results"]) == [1, 2]


def test_unknown_version_gets_404(world):
    document = make_document(world)

    response = api_client_for(world.owner).get(
        f"/api/v1/documenten/{document.pk}/inhoud", {"versie": 7}
    )

    assert_problem(response, 404, "not_found")


def test_same_content_in_the_same_folder_warns_and_names_the_document(world):
    existing = make_document(world, title="Origineel")

    response = post_document(api_client_for(world.owner), world.workspace, titel="Kopie")

    assert response.status_code == 201, response.content
    warnings = response.json()["waarschuwingen"]
    assert [warning["code"] for warning in warnings] == ["duplicate_content"]
    assert warnings[0]["document"]["id"] == str(existing.pk)
    assert "Origineel" in warnings[0]["bericht"]


def test_duplicate_above_the_callers_level_is_not_revealed(world, top_secret_owner):
    make_document(world, title="Geheim origineel", level="geheim")

    response = post_document(api_client_for(world.colleague), world.workspace)

    assert response.status_code == 201
    assert response.json()["waarschuwingen"] == []


def test_list_uses_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = api_client_for(world.owner)
    for index in range(5):
        make_document(world, title=f"Stuk {index}", data=PDF + bytes([index]))
    client.get("/api/v1/documenten", {"ruimte": str(world.workspace.pk)})  # warm up

    # Token with its person, membership with its workspace, count, the page's
    # rows (its ids a subquery).
    with django_assert_num_queries(4) as few:
        small = client.get(
            "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "pageSize": 100}
        )
    for index in range(5, 50):
        make_document(world, title=f"Stuk {index}", data=PDF + bytes([index]))
    with django_assert_num_queries(len(few.captured_queries)):
        large = client.get(
            "/api/v1/documenten", {"ruimte": str(world.workspace.pk), "pageSize": 100}
        )

    assert small.json()["count"] == 5
    assert large.json()["count"] == 50


def test_folder_page_costs_the_same_queries_whatever_the_folder_holds(world):
    client = api_client_for(world.owner)
    small, big = (
        folder_named(world.workspace, "Saneringsplan"),
        folder_named(world.workspace, "Onderzoek"),
    )
    make_document(world, title="Klein", folder=small)
    for index in range(45):
        make_document(world, title=f"Stuk {index:02d}", folder=big, data=PDF + bytes([index]))

    def page(folder, number):
        return client.get(
            "/api/v1/documenten",
            {
                "ruimte": str(world.workspace.pk),
                "map": str(folder.pk),
                "pageSize": 20,
                "page": number,
            },
        )

    page(small, 1)  # warm up
    with CaptureQueriesContext(connection) as one:
        first = page(small, 1)
    with CaptureQueriesContext(connection) as many:
        middle = page(big, 2)

    assert (first.status_code, middle.status_code) == (200, 200)
    assert len(many.captured_queries) == len(one.captured_queries) <= 7
    titles = [document["titel"] for document in middle.json()["results"]]
    assert titles == [f"Stuk {index:02d}" for index in range(20, 40)]
    assert middle.json()["count"] == 45


def test_reader_cannot_edit_or_add_versions(world):
    document = make_document(world)
    client = api_client_for(world.partner)

    edit = client.patch(f"/api/v1/documenten/{document.pk}", {"titel": "X"}, format="json")
    version = client.post(
        f"/api/v1/documenten/{document.pk}/versies",
        {"inhoud": upload_file("kaart.png", PNG, "image/png")},
        format="multipart",
    )

    assert_problem(edit, 403, "role_insufficient")
    assert_problem(version, 403, "role_insufficient")
    assert Version.objects.filter(document=document).count() == 1


def test_raising_confidentiality_above_ones_own_is_refused(world):
    document = make_document(world)

    response = api_client_for(world.colleague).patch(
        f"/api/v1/documenten/{document.pk}",
        {"vertrouwelijkheidaanduiding": "zeer_geheim"},
        format="json",
    )

    assert_problem(response, 403, "confidentiality_above_own")
    document.refresh_from_db()
    assert document.confidentiality == "intern"


def test_document_moves_to_another_folder(world):
    document = make_document(world)
    folder = folder_named(world.workspace, "Besluitvorming")

    response = api_client_for(world.owner).patch(
        f"/api/v1/documenten/{document.pk}", {"map": str(folder.pk)}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["map"] == str(folder.pk)
    entry = AuditEntry.objects.get(action="document.updated")
    assert entry.changes["map"] == {"old": None, "new": str(folder.pk)}


def test_upload_takes_the_optional_metadata(world):
    response = post_document(
        api_client_for(world.owner),
        world.workspace,
        status="ter_vaststelling",
        taal="eng",
        trefwoorden=["bodem", "asbest"],
        creatiedatum="2026-11-30",
        auteur="Bureau Bodem",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["taal"], body["creatiedatum"]) == (
        "ter_vaststelling",
        "eng",
        "2026-11-30",
    )
    assert body["trefwoorden"] == ["bodem", "asbest"]
    assert body["auteur"] == "Bureau Bodem"


def test_same_idempotency_key_creates_one_document(world):
    client = api_client_for(world.owner)

    first = post_document(client, world.workspace, HTTP_IDEMPOTENCY_KEY="upload-1")
    second = post_document(client, world.workspace, HTTP_IDEMPOTENCY_KEY="upload-1")

    assert (first.status_code, second.status_code) == (201, 201)
    assert second["Idempotent-Replayed"] == "true"
    assert second.json()["id"] == first.json()["id"]
    assert Document.objects.count() == 1
