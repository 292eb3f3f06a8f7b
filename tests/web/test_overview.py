"""The workspace overview: facts, guide, members, recent activity, phase and status."""

import uuid

import pytest

from samen.workspaces.models import Status

pytestmark = pytest.mark.django_db


def _url(world, suffix: str = "") -> str:
    return f"/ruimtes/{world.workspace.pk}{suffix}"


@pytest.mark.parametrize("suffix", ["", "/leden", "/activiteit"])
def test_outsider_gets_404(world, browse, suffix):
    response = browse(world.outsider).get(_url(world, suffix))

    assert response.status_code == 404
    assert "Bodemsanering Zwolle-Zuid" not in response.content.decode()


def test_unknown_workspace_gets_404(world, browse):
    response = browse(world.owner).get(f"/ruimtes/{uuid.uuid4()}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("suffix", "data"), [("/fase", {"phase": "realisatie"}), ("/status", {"status": "gesloten"})]
)
def test_outsider_cannot_write_and_gets_404(world, browse, suffix, data):
    response = browse(world.outsider).post(_url(world, suffix), data)

    assert response.status_code == 404
    world.workspace.refresh_from_db()
    assert world.workspace.phase == "verkenning"
    assert world.workspace.status == Status.OPEN


def test_partner_sees_overview_with_guide_and_members(world, browse):
    response = browse(world.partner).get(_url(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Zo werkt deze ruimte" in body
    assert "Zet onderzoeksrapporten in Onderzoek" in body
    assert "Coen Collega" in body
    assert "Gemeente Zwolle" in body
    assert "Verkenning" in body
    assert "<title>Bodemsanering Zwolle-Zuid — Overzicht · Samen</title>" in body


def test_reader_sees_no_phase_form(world, browse):
    body = browse(world.partner).get(_url(world)).content.decode()

    assert "Fase wijzigen" not in body


def test_reader_cannot_change_the_phase(world, browse):
    response = browse(world.partner).post(_url(world, "/fase"), {"phase": "realisatie"})

    assert response.status_code == 403
    world.workspace.refresh_from_db()
    assert world.workspace.phase == "verkenning"


def test_contributor_cannot_close_the_workspace(world, browse):
    response = browse(world.colleague).post(_url(world, "/status"), {"status": "gesloten"})

    assert response.status_code == 403
    world.workspace.refresh_from_db()
    assert world.workspace.status == Status.OPEN


def test_manager_changes_the_phase(world, browse):
    client = browse(world.owner)

    response = client.post(_url(world, "/fase"), {"phase": "realisatie"})

    assert response.status_code == 302
    world.workspace.refresh_from_db()
    assert world.workspace.phase == "realisatie"
    feed = client.get(_url(world, "/activiteit")).content.decode()
    assert "Olga Eigenaar heeft de fase gewijzigd van verkenning naar realisatie." in feed


def test_unknown_phase_is_refused(world, browse):
    response = browse(world.owner).post(_url(world, "/fase"), {"phase": "bestaat-niet"})

    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    world.workspace.refresh_from_db()
    assert world.workspace.phase == "verkenning"


def test_owner_manager_closes_and_reopens(world, browse):
    client = browse(world.owner)

    closed = client.post(_url(world, "/status"), {"status": "gesloten"})

    assert closed.status_code == 302
    world.workspace.refresh_from_db()
    assert world.workspace.status == Status.CLOSED
    page = client.get(_url(world)).content.decode()
    assert "Ruimte heropenen" in page
    assert "Ruimte archiveren" in page
    client.post(_url(world, "/status"), {"status": "open"})
    world.workspace.refresh_from_db()
    assert world.workspace.status == Status.OPEN


def test_archiving_an_open_workspace_is_a_conflict(world, browse):
    response = browse(world.owner).post(_url(world, "/status"), {"status": "gearchiveerd"})

    assert response.status_code == 409
    assert "Een ruimte kan niet van" in response.content.decode()
    world.workspace.refresh_from_db()
    assert world.workspace.status == Status.OPEN


def test_phase_cannot_change_in_a_closed_workspace(world, browse):
    client = browse(world.owner)
    client.post(_url(world, "/status"), {"status": "gesloten"})

    response = client.post(_url(world, "/fase"), {"phase": "realisatie"})

    assert response.status_code == 409
    assert "gesloten en kan niet meer worden gewijzigd" in response.content.decode()
    world.workspace.refresh_from_db()
    assert world.workspace.phase == "verkenning"


def test_forbidden_page_explains_in_dutch(world, browse):
    response = browse(world.partner).post(_url(world, "/fase"), {"phase": "realisatie"})

    assert response.status_code == 403
    assert "U mag dit niet doen in deze ruimte." in response.content.decode()
