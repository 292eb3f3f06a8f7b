"""Extraction as background work: queued with each new version, run by the worker."""

import io

import pytest
from django.db import DatabaseError, transaction
from django_tasks_db import DatabaseBackend
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from reportlab.pdfgen import canvas

from samen.documents import tasks
from samen.documents.actions.documents import add_version, create_document
from samen.documents.text.models import ExtractedText, ExtractionStatus
from samen.documents.uploads import HashedUploadedFile
from samen.worker.runner import Runner
from samen.workspaces.access import workspace_for

TASK_PATH = "samen.documents.tasks.extract_version_text"


def received(data: bytes, name: str, claimed: str = "application/octet-stream"):
    upload = HashedUploadedFile(name, claimed, None)
    upload.append(data)
    upload.finish()
    return upload


def pdf_with(text: str) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.drawString(72, 720, text)
    drawing.save()
    return buffer.getvalue()


def new_document(world, data: bytes, name: str):
    access = workspace_for(world.owner, world.workspace.pk)
    document, _warnings = create_document(
        actor=world.owner, access=access, received=received(data, name), title=name
    )
    return document


def run_worker() -> int:
    return Runner(worker_id="test", interval=0, run_loops=False).run(until_idle=True)


def test_new_document_queues_extraction_of_its_version(world):
    document = new_document(world, pdf_with("Historisch bodemonderzoek"), "onderzoek.pdf")

    queued = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert queued.status == TaskResultStatus.READY
    assert queued.args_kwargs["args"] == [str(document.latest_version_id)]


def test_worker_stores_the_text_of_a_pdf(world):
    document = new_document(world, pdf_with("Historisch bodemonderzoek"), "onderzoek.pdf")

    run_worker()

    extracted = ExtractedText.objects.get(version=document.latest_version)
    assert extracted.status == ExtractionStatus.DONE
    assert extracted.kind == "pdf"
    assert "Historisch bodemonderzoek" in extracted.text


def test_every_new_version_gets_its_own_text(world):
    document = new_document(world, b"eerste versie", "notitie.txt")
    access = workspace_for(world.owner, world.workspace.pk)
    add_version(
        actor=world.owner,
        access=access,
        document=document,
        received=received(b"tweede versie", "notitie.txt"),
    )

    run_worker()

    texts = dict(ExtractedText.objects.values_list("version__number", "text"))
    assert texts == {1: "eerste versie", 2: "tweede versie"}


def test_format_without_text_is_marked_unsupported(world):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
    document = new_document(world, png, "kaart.png")

    run_worker()

    extracted = ExtractedText.objects.get(version=document.latest_version)
    assert extracted.status == ExtractionStatus.UNSUPPORTED
    assert extracted.text == ""


def test_unreadable_file_is_marked_failed_and_not_retried(world):
    document = new_document(world, b"%PDF-1.4\n% broken beyond repair\n", "kapot.pdf")

    run_worker()

    extracted = ExtractedText.objects.get(version=document.latest_version)
    assert extracted.status == ExtractionStatus.FAILED
    assert extracted.error.startswith("pdf:")
    assert DBTaskResult.objects.filter(task_path=TASK_PATH).count() == 1


def test_storage_failure_is_retried_later_with_a_bounded_number_of_attempts(world, monkeypatch):
    def unavailable(key):
        raise OSError("storage is unavailable")

    monkeypatch.setattr(tasks.storage, "open_content", unavailable)
    document = new_document(world, b"tekst", "notitie.txt")

    run_worker()

    first = DBTaskResult.objects.get(task_path=TASK_PATH, status=TaskResultStatus.FAILED)
    assert "storage is unavailable" in first.traceback
    retry = DBTaskResult.objects.get(task_path=TASK_PATH, status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert not ExtractedText.objects.filter(version=document.latest_version).exists()


def test_storage_failure_on_the_last_attempt_is_recorded(world, monkeypatch):
    def unavailable(key):
        raise OSError("storage is unavailable")

    monkeypatch.setattr(tasks.storage, "open_content", unavailable)
    document = new_document(world, b"tekst", "notitie.txt")
    DBTaskResult.objects.all().delete()
    tasks.extract_version_text.enqueue(str(document.latest_version_id), attempt=tasks.MAX_ATTEMPTS)

    run_worker()

    extracted = ExtractedText.objects.get(version=document.latest_version)
    assert extracted.status == ExtractionStatus.FAILED
    assert extracted.attempts == tasks.MAX_ATTEMPTS
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


def test_upload_succeeds_when_queueing_extraction_fails(world, monkeypatch):
    def broken_insert(*args, **kwargs):
        raise DatabaseError("relation django_tasks_database_dbtaskresult does not exist")

    monkeypatch.setattr(DatabaseBackend, "_task_to_db_task", broken_insert)

    document = new_document(world, b"tekst", "notitie.txt")

    assert document.latest_version is not None
    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


def test_no_extraction_is_queued_when_the_upload_rolls_back(world):
    def upload_then_fail() -> None:
        with transaction.atomic():
            new_document(world, b"tekst", "notitie.txt")
            raise RuntimeError("the request failed after the version was written")

    with pytest.raises(RuntimeError):
        upload_then_fail()

    assert not DBTaskResult.objects.filter(task_path=TASK_PATH).exists()


def test_version_deleted_before_extraction_is_skipped(world):
    document = new_document(world, b"tekst", "notitie.txt")
    version_id = document.latest_version_id
    document.delete()

    run_worker()

    result = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "gone"
    assert not ExtractedText.objects.filter(version_id=version_id).exists()


def test_file_above_the_size_limit_is_not_read(world, monkeypatch):
    monkeypatch.setattr(tasks, "MAX_SOURCE_BYTES", 10)
    document = new_document(world, b"more than ten bytes of text", "lang.txt")

    run_worker()

    extracted = ExtractedText.objects.get(version=document.latest_version)
    assert extracted.status == ExtractionStatus.UNSUPPORTED
    assert extracted.error == "too large to read"
