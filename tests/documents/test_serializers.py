"""The documents' written-out representation says what DRF's generic one says.

DocumentSerializer renders its fields by hand for speed (a list page renders
twenty); its field declarations still describe the API. These tests render
documents in every state both ways and demand the same JSON.
"""

import datetime as dt

from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory

from samen.documents.models import Document
from samen.documents.serializers import DocumentCreatedSerializer, DocumentSerializer
from tests.documents.conftest import folder_named, make_document


def both_ways(serializer_class: type[DocumentSerializer], document: Document) -> tuple[bytes, ...]:
    request = APIRequestFactory().get("/api/v1/documenten")
    serializer = serializer_class(document, context={"request": request})
    generic = serializers.Serializer.to_representation(serializer, document)
    written = serializer.to_representation(document)
    return JSONRenderer().render(written), JSONRenderer().render(generic)


def refetched(document: Document) -> Document:
    return Document.objects.select_related("latest_version", "locked_by").get(pk=document.pk)


def test_a_fresh_document_renders_the_same(world):
    document = make_document(world)

    written, generic = both_ways(DocumentSerializer, refetched(document))

    assert written == generic


def test_a_document_with_everything_filled_in_renders_the_same(world):
    document = make_document(world, folder=folder_named(world.workspace, "Meetgegevens"))
    Document.objects.filter(pk=document.pk).update(
        description="Met ëén beschrijving",
        keywords=["bodem", "PFAS"],
        creation_date=dt.date(2026, 2, 28),
        locked_by=world.colleague,
        # A moment in summer time: rendered in UTC with a Z, not as +02:00.
        locked_at=dt.datetime(2026, 7, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        deleted_at=timezone.now(),
    )

    written, generic = both_ways(DocumentSerializer, refetched(document))

    assert written == generic
    assert b'"vergrendeldOp":"2026-06-30T22:30:00Z"' in written


def test_a_document_without_a_version_renders_the_same(world):
    document = make_document(world)
    Document.objects.filter(pk=document.pk).update(latest_version=None)

    written, generic = both_ways(DocumentSerializer, refetched(document))

    assert written == generic
    assert b'"integriteit":null' in written


def test_the_answer_to_an_upload_carries_its_warnings(world):
    document = refetched(make_document(world))
    document.warnings = [{"code": "duplicate_content", "bericht": "Al aanwezig."}]  # type: ignore[attr-defined]

    written, generic = both_ways(DocumentCreatedSerializer, document)

    assert written == generic
    assert b'"waarschuwingen":[{"code":"duplicate_content"' in written
