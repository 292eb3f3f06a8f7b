"""GET /organisaties and GET /sjablonen: look-ups every signed-in person may do."""

import uuid

import pytest

from samen.workspaces.models import Template
from tests.api.conftest import BASE, assert_problem, invalid_names
from tests.conftest import MUNICIPALITY_OIN


def test_organisations_are_listed(as_outsider, world):
    response = as_outsider.get(f"{BASE}/organisaties")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    by_oin = {item["oin"]: item for item in body["results"]}
    assert by_oin[MUNICIPALITY_OIN]["naam"] == "Gemeente Zwolle"
    assert by_oin[MUNICIPALITY_OIN]["soort"] == "gemeente"
    assert by_oin[MUNICIPALITY_OIN]["url"].endswith(f"/organisaties/{world.municipality.pk}")
    assert by_oin[MUNICIPALITY_OIN]["aangemaaktOp"].endswith("Z")


def test_organisations_filter_by_oin(as_owner, world):
    response = as_owner.get(f"{BASE}/organisaties", {"oin": MUNICIPALITY_OIN})

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(world.municipality.pk)]


def test_organisations_refuse_a_malformed_oin(as_owner):
    response = as_owner.get(f"{BASE}/organisaties", {"oin": "12-34"})

    body = assert_problem(response, 400, "oin_invalid")
    assert invalid_names(body) == {"oin"}


def test_organisations_are_paged(as_owner):
    response = as_owner.get(f"{BASE}/organisaties", {"pageSize": 2})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 2
    assert response.json()["next"].endswith("page=2&pageSize=2")


def test_page_size_is_capped(as_owner):
    response = as_owner.get(f"{BASE}/organisaties", {"pageSize": 100000})

    assert response.status_code == 200
    assert response.json()["count"] == 3


def test_one_organisation_is_read_by_its_url(as_owner, world):
    url = as_owner.get(f"{BASE}/organisaties", {"oin": MUNICIPALITY_OIN}).json()["results"][0][
        "url"
    ]

    response = as_owner.get(url)

    assert response.status_code == 200
    assert response.json()["oin"] == MUNICIPALITY_OIN


def test_unknown_organisation_gets_404(as_owner):
    response = as_owner.get(f"{BASE}/organisaties/{uuid.uuid4()}")

    assert_problem(response, 404, "not_found")


@pytest.mark.parametrize("path", ["/organisaties", "/sjablonen"])
def test_directory_needs_authentication(anonymous, path):
    response = anonymous.get(f"{BASE}{path}")

    assert_problem(response, 401, "not_authenticated")


@pytest.mark.parametrize("path", ["/organisaties", "/sjablonen"])
def test_directory_is_read_only(as_owner, path):
    response = as_owner.post(f"{BASE}{path}", {"naam": "Nieuw"}, format="json")

    assert_problem(response, 405, "method_not_allowed")


def test_templates_are_listed_with_their_phases_and_folders(as_partner):
    response = as_partner.get(f"{BASE}/sjablonen")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == Template.objects.count()
    soil = next(item for item in body["results"] if item["slug"] == "bodemsanering")
    assert soil["naam"] == "Bodemsanering"
    assert soil["standaardFase"] == "verkenning"
    assert "Meetgegevens" in soil["mappen"]
    assert uuid.UUID(soil["id"])
    assert soil["url"].endswith("/sjablonen/bodemsanering")


def test_template_names_follow_the_language(as_partner):
    response = as_partner.get(f"{BASE}/sjablonen/bodemsanering", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.json()["naam"] == "Soil remediation"


def test_template_id_is_stable(as_owner, as_partner):
    first = as_owner.get(f"{BASE}/sjablonen/bodemsanering").json()["id"]
    again = as_partner.get(f"{BASE}/sjablonen/bodemsanering").json()["id"]

    assert first == again


def test_unknown_template_gets_404(as_owner):
    response = as_owner.get(f"{BASE}/sjablonen/bestaat-niet")

    assert_problem(response, 404, "not_found")
