"""Attachments picked from workspace documents, and filing received attachments."""

import io

import pytest
from django.test import Client

from samen.documents.models import Document
from samen.exchange import actions
from samen.exchange.filing import file_into_workspace
from samen.exchange.models import Box, Message
from samen.workspaces.access import workspace_for
from tests.conftest import MUNICIPALITY_OIN, api_client_for
from tests.documents.conftest import PDF, make_document


@pytest.fixture(autouse=True)
def _content_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "samen.documents.storage.DurableFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


def test_holder_attaches_a_workspace_document(mailboxes):
    document = make_document(mailboxes, title="Bodemrapport")

    response = api_client_for(mailboxes.owner).post(
        "/api/v1/berichten",
        {"ontvanger": MUNICIPALITY_OIN, "onderwerp": "Rapport", "bijlagen": [str(document.pk)]},
        format="json",
    )

    assert response.status_code == 201
    attachment = response.json()["bijlagen"][0]
    assert attachment["sha256"] == document.latest_version.sha256
    assert attachment["grootte"] == len(PDF)


def test_a_document_the_sender_may_not_see_is_refused(mailboxes):
    document = make_document(mailboxes, title="Intern stuk")
    actions.grant_mailbox(actor=None, user=mailboxes.outsider)

    response = api_client_for(mailboxes.outsider).post(
        "/api/v1/berichten",
        {"ontvanger": MUNICIPALITY_OIN, "onderwerp": "Poging", "bijlagen": [str(document.pk)]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "attachment_not_visible"
    assert not Message.objects.exists()


def test_a_message_less_confidential_than_its_document_is_refused(mailboxes):
    document = make_document(mailboxes, title="Vertrouwelijk", level="zaakvertrouwelijk")

    response = api_client_for(mailboxes.owner).post(
        "/api/v1/berichten",
        {
            "ontvanger": MUNICIPALITY_OIN,
            "onderwerp": "Rapport",
            "vertrouwelijkheidaanduiding": "openbaar",
            "bijlagen": [str(document.pk)],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "confidentiality_below_attachment"


def test_receiver_files_the_attachments_into_a_workspace(mailboxes, deliver):
    upload = io.BytesIO(PDF)
    upload.name = "besluit.pdf"
    api_client_for(mailboxes.partner).post(
        "/api/v1/berichten",
        {"ontvanger": mailboxes.province.oin, "onderwerp": "Besluit", "bestanden": [upload]},
        format="multipart",
    )
    deliver()
    received = Message.objects.get(box=Box.INBOX, organisation=mailboxes.province)

    documents = file_into_workspace(
        actor=mailboxes.owner,
        message=received,
        access=workspace_for(mailboxes.owner, mailboxes.workspace.pk),
    )

    assert len(documents) == 1
    stored = Document.objects.get(pk=documents[0].pk)
    assert stored.workspace == mailboxes.workspace
    assert stored.latest_version.sha256 == received.attachments.get().sha256


def test_filing_from_the_page_needs_a_workspace_the_person_may_write_in(mailboxes, deliver):
    upload = io.BytesIO(PDF)
    upload.name = "besluit.pdf"
    api_client_for(mailboxes.partner).post(
        "/api/v1/berichten",
        {"ontvanger": mailboxes.province.oin, "onderwerp": "Besluit", "bestanden": [upload]},
        format="multipart",
    )
    deliver()
    received = Message.objects.get(box=Box.INBOX, organisation=mailboxes.province)
    client = Client()
    client.force_login(mailboxes.owner)

    response = client.post(
        f"/berichten/{received.pk}/archiveren", {"workspace": str(mailboxes.workspace.pk)}
    )

    assert response.status_code == 302
    assert Document.objects.filter(workspace=mailboxes.workspace, title="besluit.pdf").exists()
