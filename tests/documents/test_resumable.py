"""Resumable uploads: parts with their own SHA-256, resume, completion checks."""

import base64
import hashlib

import pytest

from samen.documents.models import Document, Upload, UploadPart, Version
from tests.api.conftest import assert_problem
from tests.conftest import api_client_for
from tests.documents.conftest import make_document, sha256, stored_files

PART = 1024
DATA = bytes(range(256)) * 10  # 2560 bytes: parts of 1024, 1024 and 512


@pytest.fixture(autouse=True)
def _small_parts(settings):
    settings.UPLOAD_PART_BYTES = PART


@pytest.fixture
def client(world):
    return api_client_for(world.colleague)


def digest(data: bytes) -> str:
    return "sha-256=:" + base64.b64encode(hashlib.sha256(data).digest()).decode() + ":"


def start(client, world, size=None, **fields):
    body = {
        "ruimte": str(world.workspace.pk),
        "titel": "Luchtfoto's",
        "bestandsnaam": "luchtfoto.tif",
        "bestandsomvang": len(DATA) if size is None else size,
        **fields,
    }
    return client.post("/api/v1/uploads", body, format="json")


def put_part(client, upload_id, number, data, header=None):
    return client.generic(
        "PUT",
        f"/api/v1/uploads/{upload_id}/delen/{number}",
        data,
        content_type="application/octet-stream",
        HTTP_CONTENT_DIGEST=header or digest(data),
    )


def part(number: int) -> bytes:
    return DATA[(number - 1) * PART : number * PART]


def test_happy_path_makes_a_document_with_the_whole_hash(
    world, client, content_storage, django_capture_on_commit_callbacks
):
    started = start(client, world)
    upload_id = started.json()["id"]
    for number in (1, 2, 3):
        assert put_part(client, upload_id, number, part(number)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"/api/v1/uploads/{upload_id}/voltooien", {"sha256": sha256(DATA)}, format="json"
        )

    assert started.status_code == 201, started.content
    assert (started.json()["aantalDelen"], started.json()["deelomvang"]) == (3, PART)
    assert done.status_code == 201, done.content
    body = done.json()
    assert (body["integriteit"]["waarde"], body["bestandsomvang"]) == (sha256(DATA), len(DATA))
    download = client.get(f"/api/v1/documenten/{body['id']}/inhoud")
    assert b"".join(download.streaming_content) == DATA
    assert UploadPart.objects.count() == 0
    assert len(stored_files(content_storage)) == 1


def test_status_lists_missing_parts_to_resume(world, client):
    upload_id = start(client, world).json()["id"]
    put_part(client, upload_id, 2, part(2))

    status = client.get(f"/api/v1/uploads/{upload_id}").json()
    early = client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")
    for number in status["ontbrekendeDelen"]:
        put_part(client, upload_id, number, part(number))
    done = client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")

    assert status["ontbrekendeDelen"] == [1, 3]
    assert [item["nummer"] for item in status["ontvangenDelen"]] == [2]
    body = assert_problem(early, 409, "upload_incomplete")
    assert body["ontbrekendeDelen"] == [1, 3]
    assert done.status_code == 201, done.content
    assert done.json()["integriteit"]["waarde"] == sha256(DATA)


def test_resent_part_replaces_the_first(world, client):
    upload_id = start(client, world).json()["id"]
    put_part(client, upload_id, 1, part(1))

    response = put_part(client, upload_id, 1, part(1))

    assert response.status_code == 200
    assert UploadPart.objects.filter(upload_id=upload_id, number=1).count() == 1


def test_part_with_the_wrong_hash_is_refused_and_not_stored(world, client, content_storage):
    upload_id = start(client, world).json()["id"]

    response = put_part(client, upload_id, 1, part(1), header=digest(b"something else"))

    assert_problem(response, 400, "part_digest_mismatch")
    assert UploadPart.objects.count() == 0
    assert stored_files(content_storage) == []


def test_part_without_a_digest_is_refused(world, client):
    upload_id = start(client, world).json()["id"]

    response = client.generic(
        "PUT", f"/api/v1/uploads/{upload_id}/delen/1", part(1), "application/octet-stream"
    )

    assert_problem(response, 400, "part_digest_required")


@pytest.mark.parametrize("number", [0, 4, 99])
def test_part_out_of_range_is_refused(world, client, number):
    upload_id = start(client, world).json()["id"]

    response = put_part(client, upload_id, number, part(1))

    assert_problem(response, 400, "part_out_of_range")
    assert UploadPart.objects.count() == 0


def test_part_of_the_wrong_size_is_refused(world, client, content_storage):
    upload_id = start(client, world).json()["id"]

    response = put_part(client, upload_id, 1, part(1) + b"extra")

    assert_problem(response, 400, "part_size_mismatch")
    assert stored_files(content_storage) == []


def test_part_after_completion_is_refused(world, client):
    upload_id = start(client, world).json()["id"]
    for number in (1, 2, 3):
        put_part(client, upload_id, number, part(number))
    client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")

    late = put_part(client, upload_id, 1, part(1))
    again = client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")

    assert_problem(late, 409, "upload_completed")
    assert_problem(again, 409, "upload_completed")
    assert Document.objects.count() == 1


def test_whole_file_hash_mismatch_stores_no_document(world, client, content_storage):
    upload_id = start(client, world).json()["id"]
    for number in (1, 2, 3):
        put_part(client, upload_id, number, part(number))

    response = client.post(
        f"/api/v1/uploads/{upload_id}/voltooien", {"sha256": "0" * 64}, format="json"
    )

    assert_problem(response, 400, "upload_digest_mismatch")
    assert Document.objects.count() == 0
    assert len(stored_files(content_storage)) == 3  # the parts, kept for another try


def test_part_damaged_in_storage_is_dropped_at_completion(world, client, content_storage):
    upload_id = start(client, world).json()["id"]
    for number in (1, 2, 3):
        put_part(client, upload_id, number, part(number))
    damaged = UploadPart.objects.get(upload_id=upload_id, number=2)
    (content_storage / damaged.storage_key).write_bytes(b"x" * PART)

    response = client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")

    body = assert_problem(response, 409, "upload_incomplete")
    assert body["ontbrekendeDelen"] == [2]
    assert Document.objects.count() == 0


def test_upload_past_the_limit_is_refused(world, client, settings):
    settings.MAX_UPLOAD_BYTES = 2000

    response = start(client, world, size=2001)

    assert_problem(response, 413, "upload_too_large")
    assert Upload.objects.count() == 0


def test_default_limit_is_ten_gibibytes(settings):
    assert settings.MAX_UPLOAD_BYTES == 10 * 1024**3


def test_empty_upload_is_refused(world, client):
    response = start(client, world, size=0)

    assert_problem(response, 400, "file_empty")


def test_bad_file_name_is_refused_at_the_start(world, client):
    response = start(client, world, bestandsnaam="../x.tif")

    assert_problem(response, 400, "file_name_path")
    assert Upload.objects.count() == 0


def test_someone_elses_upload_is_404(world, client):
    upload_id = start(client, world).json()["id"]

    response = put_part(api_client_for(world.owner), upload_id, 1, part(1))

    assert_problem(response, 404, "not_found")


def test_resumable_upload_can_add_a_version(world, client):
    document = make_document(world)
    upload_id = client.post(
        "/api/v1/uploads",
        {"document": str(document.pk), "bestandsnaam": "v2.bin", "bestandsomvang": len(DATA)},
        format="json",
    ).json()["id"]
    for number in (1, 2, 3):
        put_part(client, upload_id, number, part(number))

    response = client.post(f"/api/v1/uploads/{upload_id}/voltooien", {}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["versie"] == 2
    assert Version.objects.get(document=document, number=2).sha256 == sha256(DATA)
