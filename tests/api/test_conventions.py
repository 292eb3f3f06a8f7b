"""What every API response shares: headers, problems, no trailing slashes, authentication."""

import pytest
from django.test import Client

from samen.workspaces import api as workspaces_api
from samen.workspaces.models import Workspace
from tests.api.conftest import BASE, Unchanged, assert_problem


def test_success_carries_the_design_rule_headers(as_owner):
    response = as_owner.get(f"{BASE}/ruimtes")

    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Request-ID"]


def test_unauthenticated_gets_401_problem(anonymous):
    response = anonymous.get(f"{BASE}/ruimtes")

    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Token")
    assert response["Cache-Control"] == "no-store"


def test_wrong_token_gets_401_problem(anonymous):
    anonymous.credentials(HTTP_AUTHORIZATION="Token samen_not-a-real-token")

    response = anonymous.get(f"{BASE}/ruimtes")

    assert_problem(response, 401, "authentication_failed")


def test_bearer_token_is_accepted(world):
    from samen.organisations import actions as org_actions

    raw = org_actions.create_token(actor=None, user=world.owner)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.get(f"{BASE}/ruimtes")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_session_reads_and_writes_with_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)

    read = client.get(f"{BASE}/ruimtes")
    refused = client.post(
        f"{BASE}/ruimtes", {"naam": "Zonder token", "sjabloon": "bodemsanering"}, "application/json"
    )

    assert read.status_code == 200
    assert_problem(refused, 403, "permission_denied")
    assert "CSRF" in refused.json()["detail"]


def test_session_write_with_csrf_token_succeeds(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    token = "k" * 32  # Django accepts an unmasked secret that matches the cookie
    client.cookies["csrftoken"] = token

    response = client.post(
        f"{BASE}/ruimtes",
        {"naam": "Met sessie", "sjabloon": "bodemsanering"},
        "application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "path", ["/ruimtes/", "/organisaties/", "/sjablonen/", "/openapi.json/", "/docs/"]
)
def test_trailing_slash_gets_404_problem_not_a_redirect(as_owner, path):
    response = as_owner.get(f"{BASE}{path}")

    assert_problem(response, 404, "not_found")


def test_member_path_with_trailing_slash_gets_404(as_owner, world):
    response = as_owner.get(f"{BASE}/ruimtes/{world.workspace.pk}/leden/")

    assert_problem(response, 404, "not_found")


def test_unknown_path_gets_404_problem_with_headers(as_owner):
    response = as_owner.get(f"{BASE}/bestaat-niet")

    assert_problem(response, 404, "not_found")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def test_malformed_id_gets_404_problem(as_owner):
    response = as_owner.get(f"{BASE}/ruimtes/geen-uuid")

    assert_problem(response, 404, "not_found")


def test_unsupported_method_gets_405_problem(as_owner):
    response = as_owner.delete(f"{BASE}/ruimtes")

    body = assert_problem(response, 405, "method_not_allowed")
    assert "DELETE" in body["detail"]
    assert "GET" in response["Allow"]


def test_malformed_json_gets_400_problem(as_owner):
    response = as_owner.generic("POST", f"{BASE}/ruimtes", "{not json", "application/json")

    assert_problem(response, 400, "parse_error")


def test_body_that_is_not_an_object_gets_400(as_owner):
    response = as_owner.post(f"{BASE}/ruimtes", ["naam"], format="json")

    assert_problem(response, 400)


def test_unexpected_error_gets_500_problem(as_owner, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(workspaces_api, "visible_workspaces", explode)
    as_owner.raise_request_exception = False

    response = as_owner.get(f"{BASE}/ruimtes")

    body = assert_problem(response, 500, "server_error")
    assert "boom" not in body["detail"]
    assert response["API-Version"] == "1.0.0"


def test_errors_are_translated_for_english_callers(as_owner):
    response = as_owner.post(
        f"{BASE}/ruimtes",
        {"naam": "", "sjabloon": "bodemsanering"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    body = assert_problem(response, 400, "name_required")
    assert body["detail"] == "A name is required."


def test_several_mistakes_are_summed_up_in_dutch_by_default(as_owner):
    response = as_owner.post(f"{BASE}/ruimtes", {"naam": "Zonder sjabloon", "x": 1}, format="json")

    body = assert_problem(response, 400, "invalid")
    assert body["detail"] == "Het verzoek bevat ongeldige waarden."
    assert {"sjabloon", "x"} <= {param["name"] for param in body["invalidParams"]}


def test_too_large_body_gets_413_problem_and_stores_nothing(as_owner, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    unchanged = Unchanged(Workspace)

    response = as_owner.post(
        f"{BASE}/ruimtes", {"naam": "x" * 2000, "sjabloon": "bodemsanering"}, format="json"
    )

    assert_problem(response, 413, "too_large")
    unchanged.check()


def test_unsupported_media_type_gets_415_problem(as_owner):
    response = as_owner.post(f"{BASE}/ruimtes", "naam=x", content_type="text/plain")

    assert_problem(response, 415, "unsupported_media_type")


def test_unacceptable_accept_header_gets_406_problem(as_owner):
    response = as_owner.get(f"{BASE}/ruimtes", HTTP_ACCEPT="text/html")

    assert_problem(response, 406, "not_acceptable")


def test_options_gets_405_problem(as_owner):
    response = as_owner.options(f"{BASE}/ruimtes")

    assert_problem(response, 405, "method_not_allowed")


def test_api_root_without_a_resource_gets_404_problem(as_owner):
    response = as_owner.get("/api/v1")

    assert_problem(response, 404, "not_found")


def test_errors_are_dutch_by_default(as_owner):
    response = as_owner.post(
        f"{BASE}/ruimtes", {"naam": "", "sjabloon": "bodemsanering"}, format="json"
    )

    body = assert_problem(response, 400, "name_required")
    assert body["detail"] == "Een naam is verplicht."


@pytest.mark.parametrize(
    "suffix",
    ["", "/leden", "/audittrail", "/uitnodigingen"],
)
def test_every_workspace_endpoint_carries_the_headers(as_owner, world, suffix):
    response = as_owner.get(f"{BASE}/ruimtes/{world.workspace.pk}{suffix}")

    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/organisaties", "/sjablonen", "/openapi.json"])
def test_every_directory_endpoint_carries_the_headers(as_owner, path):
    response = as_owner.get(f"{BASE}{path}")

    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Cache-Control"] == "no-store"
