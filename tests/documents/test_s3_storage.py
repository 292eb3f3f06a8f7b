"""The same upload, download and cleanup paths against S3-compatible storage.

moto answers the S3 protocol in-process, so django-storages and boto3 run
for real; only the far end is simulated. Skipped where the s3 extra is not
installed.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from samen.documents.cleanup import cleanup_orphans
from samen.documents.models import Version
from tests.conftest import api_client_for
from tests.documents.conftest import PDF, post_document, sha256

moto = pytest.importorskip("moto")
pytest.importorskip("storages.backends.s3")

BUCKET = "samen-test"


@pytest.fixture
def s3_storage(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with moto.mock_aws():
        import boto3

        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {"bucket_name": BUCKET, "file_overwrite": False},
            },
        }
        yield boto3.client("s3", region_name="eu-west-1")


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_upload_and_range_download_through_s3(world, s3_storage):
    client = api_client_for(world.owner)

    created = post_document(client, world.workspace)
    document_id = created.json()["id"]
    whole = client.get(f"/api/v1/documenten/{document_id}/inhoud")
    part = client.get(f"/api/v1/documenten/{document_id}/inhoud", HTTP_RANGE="bytes=0-7")

    assert created.status_code == 201, created.content
    assert created.json()["integriteit"]["waarde"] == sha256(PDF)
    assert b"".join(whole.streaming_content) == PDF
    assert b"".join(part.streaming_content) == PDF[:8]
    assert keys(s3_storage) == [Version.objects.get(document_id=document_id).storage_key]


def test_cleanup_finds_orphans_in_s3(world, s3_storage):
    post_document(api_client_for(world.owner), world.workspace)
    default_storage.save("content/zz/orphan", ContentFile(b"no row points here"))

    removed = cleanup_orphans(now=timezone.now() + timedelta(hours=2))

    assert removed == 1
    assert "content/zz/orphan" not in keys(s3_storage)
    assert len(keys(s3_storage)) == 1
