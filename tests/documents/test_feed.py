"""The activity feed tells document events by title, and only to those who may see them."""

from django.utils import translation

from samen.audit import feed
from samen.documents.actions import add_version, lock_document
from samen.workspaces.access import workspace_for
from tests.conftest import api_client_for
from tests.documents.conftest import make_document, raise_level, received


def sentences_for(world, user):
    access = workspace_for(user, world.workspace.pk)
    entries = feed.entries_for(access)
    with translation.override("en"):
        return [sentence for item in feed.describe(entries) for sentence in item.sentences]


def test_document_events_are_told_by_title(world):
    document = make_document(world, title="Bodemrapport")
    access = workspace_for(world.owner, world.workspace.pk)
    add_version(actor=world.owner, access=access, document=document, received=received(b"v2"))
    lock_document(actor=world.owner, access=access, document=document)

    told = sentences_for(world, world.owner)

    assert "Olga Eigenaar added the document Bodemrapport" in told
    assert "Olga Eigenaar added version 2 of Bodemrapport" in told
    assert "Olga Eigenaar checked out Bodemrapport" in told


def test_partner_is_not_told_about_a_document_above_their_level(world):
    make_document(world, title="Vertrouwelijk advies", level="zaakvertrouwelijk")

    told = sentences_for(world, world.partner)

    assert not any("Vertrouwelijk advies" in sentence for sentence in told)
    assert any("Vertrouwelijk advies" in sentence for sentence in sentences_for(world, world.owner))


def test_audit_trail_hides_documents_above_the_managers_level(world, settings):
    # The owner is a manager with the default maximum (zaakvertrouwelijk); a
    # colleague raised to geheim stores a geheim document.
    raise_level(world, world.colleague, "geheim")
    make_document(world, level="geheim", title="Grondposities", actor=world.colleague)
    make_document(world, level="intern", title="Planning")
    client = api_client_for(world.owner)

    response = client.get(f"/api/v1/ruimtes/{world.workspace.pk}/audittrail?pageSize=100")

    assert response.status_code == 200
    titles = {
        (entry["wijzigingen"].get("titel") or {}).get("new") for entry in response.json()["results"]
    }
    assert "Planning" in titles
    assert "Grondposities" not in titles
