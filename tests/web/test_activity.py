"""The activity feed: audit entries as Dutch sentences, newest first, paged."""

import pytest

from samen.workspaces import actions
from samen.workspaces.access import workspace_for
from samen.workspaces.views import FEED_PAGE_SIZE
from tests.documents.conftest import content_storage, make_document

__all__ = ["content_storage"]  # the fixture keeps this module's content in tmp_path

pytestmark = pytest.mark.django_db


def _url(world) -> str:
    return f"/ruimtes/{world.workspace.pk}/activiteit"


def test_feed_tells_changes_as_dutch_sentences(world, browse):
    response = browse(world.partner).get(_url(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Olga Eigenaar heeft Gemeente Zwolle toegevoegd als lezer." in body
    assert "Olga Eigenaar heeft Coen Collega toegevoegd als bijdrager." in body
    assert "Olga Eigenaar heeft de ruimte Bodemsanering Zwolle-Zuid geopend." in body
    assert body.index("Gemeente Zwolle toegevoegd") < body.index("de ruimte Bodemsanering")


def test_feed_speaks_english_to_an_english_reader(world, browse):
    world.partner.language = "en"
    world.partner.save()

    body = browse(world.partner).get(_url(world)).content.decode()

    assert "Olga Eigenaar added Gemeente Zwolle as reader." in body


def test_removed_member_is_still_named(world, browse):
    access = workspace_for(world.owner, world.workspace.pk)
    membership = world.workspace.memberships.get(organisation=world.municipality)
    actions.remove_member(actor=world.owner, access=access, membership=membership)

    body = browse(world.owner).get(_url(world)).content.decode()

    assert "Olga Eigenaar heeft Gemeente Zwolle uit de ruimte verwijderd." in body


def test_role_change_names_the_member(world, browse):
    access = workspace_for(world.owner, world.workspace.pk)
    membership = world.workspace.memberships.get(user=world.colleague)
    actions.update_member(actor=world.owner, access=access, membership=membership, role="lezer")

    body = browse(world.owner).get(_url(world)).content.decode()

    assert "Olga Eigenaar heeft de rol van Coen Collega gewijzigd van bijdrager naar lezer." in body


def test_feed_is_paged_and_more_comes_as_a_fragment(world, browse):
    access = workspace_for(world.owner, world.workspace.pk)
    for number in range(FEED_PAGE_SIZE + 2):
        actions.update_workspace(actor=world.owner, access=access, name=f"Naam {number}")
    client = browse(world.owner)

    first = client.get(_url(world)).content.decode()
    more = client.get(_url(world) + "?pagina=2", HTTP_HX_REQUEST="true")

    assert first.count('class="samen-feed__item"') == FEED_PAGE_SIZE
    assert "?pagina=2" in first
    assert more.status_code == 200
    assert "<html" not in more.content.decode()
    assert "de ruimte Bodemsanering Zwolle-Zuid geopend" in more.content.decode()


def test_entries_of_other_workspaces_are_not_shown(world, browse):
    actions.create_workspace(
        actor=world.outsider,
        name="Dijkversterking",
        template=world.workspace.template,
    )

    body = browse(world.owner).get(_url(world)).content.decode()

    assert "Dijkversterking" not in body


def test_partner_is_not_told_of_documents_above_their_level(world, browse, content_storage):
    make_document(world, level="zaakvertrouwelijk", title="Grondposities")
    make_document(world, level="intern", title="Planning")

    activity = browse(world.partner).get(_url(world)).content.decode()
    overview = browse(world.partner).get(f"/ruimtes/{world.workspace.pk}").content.decode()

    assert "Planning" in activity
    assert "Grondposities" not in activity
    assert "Grondposities" not in overview
