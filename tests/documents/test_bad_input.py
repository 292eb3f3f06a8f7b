"""Bad uploads get a problem with a stable code and leave nothing behind."""

import pytest

from samen.documents.models import Document, Version
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import (
    PDF,
    make_document,
    post_document,
    raw_multipart,
    spooled_files,
    stored_files,
    upload_file,
)


def assert_nothing_stored(content_storage, settings, documents=0, versions=0):
    assert Document.objects.count() == documents
    assert Version.objects.count() == versions
    assert len(stored_files(content_storage)) == versions
    assert spooled_files(settings) == []


def test_empty_file_is_refused(world, content_storage, settings):
    response = post_document(api_client_for(world.owner), world.workspace, data=b"")

    assert_problem(response, 400, "file_empty")
    assert_nothing_stored(content_storage, settings)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../etc/passwd", "file_name_path"),
        ("map\\rapport.pdf", "file_name_path"),
        ("rapport\x07.pdf", "file_name_control_characters"),
        ("rapport\u202efdp.exe", "file_name_control_characters"),
        ("a" * 296 + ".pdf", "file_name_too_long"),
    ],
)
def test_bad_file_name_is_refused(world, content_storage, settings, name, code):
    body, content_type = raw_multipart(
        {"ruimte": str(world.workspace.pk), "titel": "Rapport"},
        name=name,
        data=PDF,
        content_type="application/pdf",
    )

    response = api_client_for(world.owner).generic(
        "POST", "/api/v1/documenten", body, content_type=content_type
    )

    body = assert_problem(response, 400, code)
    assert body["invalidParams"][0]["name"] == "bestandsnaam"
    assert_nothing_stored(content_storage, settings)


def test_lying_content_type_is_overruled_with_a_warning(world):
    response = post_document(
        api_client_for(world.owner), world.workspace, name="foto.jpg", content_type="image/jpeg"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["formaat"] == "application/pdf"
    assert [warning["code"] for warning in body["waarschuwingen"]] == ["content_type_mismatch"]


def test_html_sent_as_a_picture_is_stored_as_html(world):
    page = b"<!DOCTYPE html><html><script>alert(1)</script></html>"

    response = post_document(
        api_client_for(world.owner),
        world.workspace,
        data=page,
        name="x.png",
        content_type="image/png",
    )

    assert response.status_code == 201
    assert response.json()["formaat"] == "text/html"


def test_upload_past_the_limit_is_refused(world, content_storage, settings):
    settings.MAX_UPLOAD_BYTES = 1000

    response = post_document(api_client_for(world.owner), world.workspace, data=b"x" * 5000)

    assert_problem(response, 413, "upload_too_large")
    assert_nothing_stored(content_storage, settings)


def test_missing_title_is_refused_before_storing(world, content_storage, settings):
    response = post_document(api_client_for(world.owner), world.workspace, titel="  ")

    assert_problem(response, 400, "titel_required")
    assert_nothing_stored(content_storage, settings)


def test_unknown_confidentiality_is_refused(world, content_storage, settings):
    response = post_document(
        api_client_for(world.owner), world.workspace, vertrouwelijkheidaanduiding="topgeheim"
    )

    assert_problem(response, 400, "confidentiality_unknown")
    assert_nothing_stored(content_storage, settings)


def test_confidentiality_above_ones_own_is_refused(world, content_storage, settings):
    response = post_document(
        api_client_for(world.colleague), world.workspace, vertrouwelijkheidaanduiding="geheim"
    )

    assert_problem(response, 403, "confidentiality_above_own")
    assert_nothing_stored(content_storage, settings)


def test_unknown_property_is_refused(world, content_storage, settings):
    response = post_document(api_client_for(world.owner), world.workspace, kleur="rood")

    assert_problem(response, 400, "unknown_property")
    assert_nothing_stored(content_storage, settings)


def test_missing_file_is_refused(world, content_storage, settings):
    response = api_client_for(world.owner).post(
        "/api/v1/documenten",
        {"ruimte": str(world.workspace.pk), "titel": "Zonder bestand"},
        format="multipart",
    )

    body = assert_problem(response, 400)
    assert "inhoud" in {param["name"] for param in body["invalidParams"]}
    assert_nothing_stored(content_storage, settings)


def test_bad_version_upload_changes_nothing(world, content_storage, settings):
    document = make_document(world)

    response = api_client_for(world.owner).post(
        f"/api/v1/documenten/{document.pk}/versies",
        {"inhoud": upload_file("leeg.pdf", b"")},
        format="multipart",
    )

    assert_problem(response, 400, "file_empty")
    document.refresh_from_db()
    assert document.version_count == 1
    assert_nothing_stored(content_storage, settings, documents=1, versions=1)


def test_failure_while_writing_rows_removes_the_stored_content(
    world, content_storage, settings, monkeypatch
):
    from samen.documents.actions import documents as document_actions

    def broken_audit(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(document_actions, "audit", broken_audit)
    client = api_client_for(world.owner)
    client.raise_request_exception = False

    response = post_document(client, world.workspace, data=PDF)

    assert response.status_code == 500
    assert_nothing_stored(content_storage, settings)


def test_announced_oversize_body_is_refused_before_it_is_read(world, content_storage, settings):
    settings.MAX_UPLOAD_BYTES = 10
    body, content_type = raw_multipart(
        {"ruimte": str(world.workspace.pk), "titel": "Groot"},
        name="groot.bin",
        data=b"x" * (2 * 1024 * 1024),
        content_type="application/octet-stream",
    )

    response = api_client_for(world.owner).generic(
        "POST", "/api/v1/documenten", body, content_type=content_type
    )

    assert_problem(response, 413, "upload_too_large")
    assert_nothing_stored(content_storage, settings)


def test_upload_without_content_length_is_refused(world, content_storage, settings):
    body, content_type = raw_multipart(
        {"ruimte": str(world.workspace.pk), "titel": "Zonder lengte"},
        name="rapport.pdf",
        data=PDF,
        content_type="application/pdf",
    )

    # As a chunked request arrives: no CONTENT_LENGTH in the environment.
    response = api_client_for(world.owner).generic(
        "POST", "/api/v1/documenten", body, content_type=content_type, CONTENT_LENGTH=""
    )

    assert_problem(response, 411, "content_length_required")
    assert response.json()["title"] == "Lengte vereist"
    assert_nothing_stored(content_storage, settings)


def test_malformed_body_is_refused_with_its_code(world, content_storage, settings):
    body, content_type = raw_multipart(
        {"ruimte": str(world.workspace.pk), "titel": "Afgebroken"},
        name="rapport.pdf",
        data=PDF,
        content_type="application/pdf",
    )

    response = api_client_for(world.owner).generic(
        "POST", "/api/v1/documenten", body[:-30], content_type=content_type
    )

    assert_problem(response, 400, "multipart_malformed")
    assert_nothing_stored(content_storage, settings)
