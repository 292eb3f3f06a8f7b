"""cleanup_orphans(): content without a row, expired uploads, stale spool files, old trash."""

import os
import time
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from samen.documents.cleanup import cleanup_orphans
from samen.documents.models import Document, Upload
from samen.documents.uploads import HashedUploadedFile
from tests.documents.conftest import make_document, spooled_files, stored_files


def later(hours: float):
    return timezone.now() + timedelta(hours=hours)


def test_content_without_a_version_is_removed_after_an_hour(world, content_storage):
    kept = make_document(world)
    default_storage.save("content/ab/abandoned", ContentFile(b"half an upload"))

    too_soon = cleanup_orphans(now=later(0.5))
    removed = cleanup_orphans(now=later(2))

    assert too_soon == 0
    assert removed == 1
    assert [path.name for path in stored_files(content_storage)] == [
        kept.latest_version.storage_key.rsplit("/", 1)[1]
    ]


def test_expired_unfinished_upload_and_its_parts_are_removed(
    world, content_storage, django_capture_on_commit_callbacks
):
    upload = Upload.objects.create(
        workspace=world.workspace,
        file_name="groot.bin",
        size=10,
        part_size=10,
        created_by=world.owner,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    key = default_storage.save(f"{upload.storage_prefix()}/1-x", ContentFile(b"0123456789"))
    upload.parts.create(number=1, size=10, sha256="0" * 64, storage_key=key)

    with django_capture_on_commit_callbacks(execute=True):
        removed = cleanup_orphans()

    assert removed >= 1
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert stored_files(content_storage) == []


def test_stale_spooled_file_is_removed(db, settings):
    spooled = HashedUploadedFile("x.bin", "", None)
    spooled.append(b"left behind by a killed process")
    path = spooled.temporary_file_path()
    hour_ago = time.time() - 7200
    os.utime(path, (hour_ago, hour_ago))

    cleanup_orphans()

    assert spooled_files(settings) == []
    spooled.close()


def test_trash_past_its_time_is_purged(world, settings, django_capture_on_commit_callbacks):
    document = make_document(world)
    Document.objects.filter(pk=document.pk).update(
        deleted_at=timezone.now() - timedelta(days=settings.TRASH_DAYS + 1)
    )
    recent = make_document(world, title="Net weg", data=b"%PDF-1.4 anders")
    Document.objects.filter(pk=recent.pk).update(deleted_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        cleanup_orphans()

    assert not Document.objects.filter(pk=document.pk).exists()
    assert Document.objects.filter(pk=recent.pk).exists()


def test_cleanup_leaves_live_content_alone(world, content_storage):
    make_document(world)

    removed = cleanup_orphans(now=later(48))

    assert removed == 0
    assert len(stored_files(content_storage)) == 1
