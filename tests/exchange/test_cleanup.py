"""Removing attachment copies nothing needs any more, with real files on disk."""

import hashlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from samen.exchange import actions, blobs, cleanup
from samen.exchange.models import Attachment

CONTENT = b"Bodemrapport, versie 3\n" * 1000
SHA256 = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def later(settings):
    """A moment past the persist duration and the grace period."""
    keep = settings.EXCHANGE_PERSIST_SECONDS + settings.EXCHANGE_ORPHAN_GRACE_SECONDS
    return timezone.now() + timedelta(seconds=keep + 60)


def send_with_attachment(world, sha256: str, size: int):
    return actions.send_message(
        actor=world.owner,
        sender=world.province,
        receiver_oin=world.municipality.oin,
        subject="Met bijlage",
        attachments=[actions.NewAttachment("rapport.txt", "text/plain", size, sha256)],
    )


def test_a_blob_a_message_names_stays(mailboxes, later):
    sha256, size = blobs.store([CONTENT])
    send_with_attachment(mailboxes, sha256, size)

    removed = cleanup.cleanup_orphans(later)

    assert removed == 0
    assert blobs.path(sha256).read_bytes() == CONTENT


def test_a_blob_whose_row_is_not_committed_yet_stays(db):
    # The race "file written, row not yet": the form stored the upload and
    # its transaction is still running.
    sha256, _size = blobs.store([CONTENT])

    removed = cleanup.cleanup_orphans()

    assert removed == 0
    assert blobs.exists(sha256)


def test_an_unreferenced_blob_goes_after_the_persist_duration(db, later):
    sha256, _size = blobs.store([CONTENT])

    removed = cleanup.cleanup_orphans(later)

    assert removed == 1
    assert not blobs.exists(sha256)
    assert list(blobs.path(sha256).parent.iterdir()) == []


def test_an_unreferenced_blob_stays_within_the_persist_duration(db, settings):
    # Content a peer uploaded ahead of the batch: the batch may come until
    # the sender's persist duration ends.
    sha256, _size = blobs.store([CONTENT])
    within = timezone.now() + timedelta(seconds=settings.EXCHANGE_PERSIST_SECONDS - 60)

    assert cleanup.cleanup_orphans(within) == 0
    assert blobs.exists(sha256)


def _age(path: Path, seconds: float) -> None:
    moment = timezone.now().timestamp() - seconds
    os.utime(path, (moment, moment))


def test_storing_the_same_content_again_keeps_an_old_orphan(db, settings):
    sha256, _size = blobs.store([CONTENT])
    keep = settings.EXCHANGE_PERSIST_SECONDS + settings.EXCHANGE_ORPHAN_GRACE_SECONDS
    _age(blobs.path(sha256), keep + 60)

    blobs.store([CONTENT])
    removed = cleanup.cleanup_orphans()

    assert removed == 0
    assert blobs.exists(sha256)


def _during_set_aside(monkeypatch, what, *, before: bool = False) -> None:
    """Run what() right after (or before) the cleanup renames a blob aside."""
    rename = os.rename

    def rename_around(source, target):
        aside = str(target).endswith(cleanup.ASIDE + SHA256)
        if aside and before:
            what()
        rename(source, target)
        if aside and not before:
            what()

    monkeypatch.setattr(cleanup.os, "rename", rename_around)


def test_a_message_committed_while_the_blob_is_set_aside_keeps_it(mailboxes, monkeypatch, later):
    sha256, size = blobs.store([CONTENT])
    _during_set_aside(monkeypatch, lambda: send_with_attachment(mailboxes, sha256, size))

    removed = cleanup.cleanup_orphans(later)

    assert removed == 0
    assert blobs.path(sha256).read_bytes() == CONTENT
    assert Attachment.objects.filter(sha256=sha256).exists()


def test_a_writer_that_finds_the_blob_set_aside_writes_it_again(db, monkeypatch, later):
    blobs.store([CONTENT])
    _during_set_aside(monkeypatch, lambda: blobs.store([CONTENT]))

    cleanup.cleanup_orphans(later)

    assert blobs.path(SHA256).read_bytes() == CONTENT


def test_a_writer_that_found_the_blob_just_before_it_was_set_aside_keeps_it(
    db, monkeypatch, settings
):
    # The writer saw the blob present, so it does not write it again.
    blobs.store([CONTENT])
    keep = settings.EXCHANGE_PERSIST_SECONDS + settings.EXCHANGE_ORPHAN_GRACE_SECONDS
    _age(blobs.path(SHA256), keep + 60)
    _during_set_aside(monkeypatch, lambda: blobs.store([CONTENT]), before=True)

    cleanup.cleanup_orphans()

    assert blobs.path(SHA256).read_bytes() == CONTENT


def test_a_blob_a_killed_cleanup_left_aside_is_put_back(mailboxes, later):
    sha256, size = blobs.store([CONTENT])
    send_with_attachment(mailboxes, sha256, size)
    target = blobs.path(sha256)
    target.rename(target.with_name(cleanup.ASIDE + sha256))

    cleanup.cleanup_orphans(later)

    assert target.read_bytes() == CONTENT
    assert [p.name for p in target.parent.iterdir()] == [sha256]


def _temporary(settings, name: str) -> Path:
    directory = Path(settings.EXCHANGE_DIR) / "tmp"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(b"half a file")
    return path


def test_a_temporary_file_nobody_wrote_to_for_the_grace_period_goes(db, settings):
    dead = _temporary(settings, ".tmp-dead")
    live = _temporary(settings, ".tmp-live")
    _age(dead, settings.EXCHANGE_ORPHAN_GRACE_SECONDS + 60)

    removed = cleanup.cleanup_orphans()

    assert removed == 1
    assert not dead.exists()
    assert live.exists()


def _part(number: int, data: bytes) -> None:
    blobs.store_part(SHA256, number, [data], hashlib.sha256(data).digest())


def test_an_unfinished_transfer_stays_within_the_persist_duration(db, settings):
    _part(0, CONTENT[:100])
    within = timezone.now() + timedelta(seconds=settings.EXCHANGE_PERSIST_SECONDS - 60)

    assert cleanup.cleanup_orphans(within) == 0
    assert blobs.received_parts(SHA256) == {0: 100}


def test_an_abandoned_transfer_goes_after_the_persist_duration(db, later):
    _part(0, CONTENT[:100])
    _part(1, CONTENT[100:200])

    removed = cleanup.cleanup_orphans(later)

    assert removed == 1
    assert blobs.received_parts(SHA256) == {}


def test_parts_left_beside_a_complete_blob_go_after_the_grace_period(db, settings):
    _part(0, CONTENT)
    blobs.store([CONTENT])  # the join, killed before it removed its parts
    after_grace = timezone.now() + timedelta(seconds=settings.EXCHANGE_ORPHAN_GRACE_SECONDS + 60)

    removed = cleanup.cleanup_orphans(after_grace)

    assert removed == 1
    assert blobs.received_parts(SHA256) == {}
    assert blobs.exists(SHA256)


def test_a_transfer_that_failed_its_hash_leaves_nothing_after_cleanup(db, settings):
    # Each part is right, the whole is not: complete() starts the transfer over.
    _part(0, b"not the content")
    with pytest.raises(blobs.BlobError):
        blobs.complete(SHA256, 1, len(b"not the content"))
    after_grace = timezone.now() + timedelta(seconds=settings.EXCHANGE_ORPHAN_GRACE_SECONDS + 60)

    cleanup.cleanup_orphans(after_grace)

    leftovers = [p for p in Path(settings.EXCHANGE_DIR).rglob("*") if p.is_file()]
    assert leftovers == []


def test_samen_exchange_cleanup_removes_orphans(db, settings, capsys):
    sha256, _size = blobs.store([CONTENT])
    keep = settings.EXCHANGE_PERSIST_SECONDS + settings.EXCHANGE_ORPHAN_GRACE_SECONDS
    _age(blobs.path(sha256), keep + 60)

    call_command("exchange", "cleanup")

    assert "Removed 1 " in capsys.readouterr().out
    assert not blobs.exists(sha256)


def test_the_worker_runs_the_cleanup_every_hour():
    from samen.exchange import tasks  # noqa: F401 (registers the loops)
    from samen.worker import loops

    registered = {loop.name: loop for loop in loops.registered()}

    assert registered["exchange.cleanup"].func is cleanup.cleanup_orphans
    assert registered["exchange.cleanup"].interval_seconds == 3600
