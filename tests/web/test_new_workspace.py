"""The new-workspace page: a template card, a name and a description."""

import pytest

from samen.workspaces.models import Membership, Role, Workspace

pytestmark = pytest.mark.django_db


def test_page_shows_a_card_per_template_in_dutch(world, browse):
    response = browse(world.owner).get("/ruimtes/nieuw")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bodemsanering" in body
    assert "Omgevingsvisie" in body


def test_page_shows_english_template_names_in_english(world, browse):
    world.owner.language = "en"
    world.owner.save()

    body = browse(world.owner).get("/ruimtes/nieuw").content.decode()

    assert "Soil remediation" in body


def test_creating_a_workspace_makes_the_creator_manager(world, browse):
    response = browse(world.colleague).post(
        "/ruimtes/nieuw",
        {
            "template": "omgevingsvisie",
            "name": "Omgevingsvisie 2040",
            "description": "Actualisatie",
        },
    )

    workspace = Workspace.objects.get(name="Omgevingsvisie 2040")
    assert response.status_code == 302
    assert response["Location"] == f"/ruimtes/{workspace.pk}"
    assert workspace.owner == world.province
    assert workspace.template_id == "omgevingsvisie"
    membership = Membership.objects.get(workspace=workspace, user=world.colleague)
    assert membership.role == Role.MANAGER


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"template": "bodemsanering", "name": ""}, "Dit veld is vereist."),
        ({"template": "bodemsanering", "name": "x" * 10_000}, "niet meer dan 200 tekens"),
        ({"template": "bestaat-niet", "name": "Nieuwe ruimte"}, "Selecteer een geldige keuze"),
        ({"template": "bodemsanering", "name": "   "}, "Dit veld is vereist."),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(world, browse, fields, message):
    before = Workspace.objects.count()

    response = browse(world.owner).post("/ruimtes/nieuw", fields)

    body = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in body
    assert message in body
    assert Workspace.objects.count() == before


def test_error_summary_links_to_the_field(world, browse):
    response = browse(world.owner).post("/ruimtes/nieuw", {"template": "bodemsanering"})

    body = response.content.decode()
    assert 'href="#id_name"' in body
    assert 'aria-describedby="id_name_error"' in body


def test_person_without_organisation_gets_a_clear_refusal(world, browse):
    world.partner.organisation = None
    world.partner.save()

    response = browse(world.partner).post(
        "/ruimtes/nieuw", {"template": "bodemsanering", "name": "Eigen ruimte"}
    )

    assert response.status_code == 403
    assert "Alleen medewerkers van een organisatie" in response.content.decode()
    assert not Workspace.objects.filter(name="Eigen ruimte").exists()
