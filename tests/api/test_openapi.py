"""The OpenAPI document and the API reference: public, complete, and per the design rules.

The full Logius linter runs in scripts/lint-openapi (it needs npm); these
checks catch the same regressions without it.
"""

import re

import pytest
from django.test import Client

from tests.api.conftest import BASE

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}
KEBAB_SEGMENT = re.compile(r"^([a-z0-9-]+|\{[^}]+\})$")
CAMEL_CASE = re.compile(r"^[a-z][a-z\d]*([A-Z][a-z\d]*)*$")


@pytest.fixture
def document(db):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def test_document_is_public_and_carries_the_headers(db):
    response = Client(HTTP_AUTHORIZATION="Token not-a-token").get(f"{BASE}/openapi.json")

    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["openapi"].startswith("3.")


def test_document_describes_the_required_endpoints(document):
    wanted = {
        ("/organisaties", "get"),
        ("/ruimtes", "get"),
        ("/ruimtes", "post"),
        ("/ruimtes/{id}", "get"),
        ("/ruimtes/{id}", "patch"),
        ("/ruimtes/{id}/leden", "get"),
        ("/ruimtes/{id}/leden", "post"),
        ("/ruimtes/{id}/leden/{lidId}", "patch"),
        ("/ruimtes/{id}/leden/{lidId}", "delete"),
        ("/ruimtes/{id}/audittrail", "get"),
        ("/sjablonen", "get"),
    }

    found = {(path, method) for path, method, _operation in operations(document)}

    assert wanted <= found


def test_servers_and_info_follow_the_rules(document):
    assert document["servers"][0]["url"].endswith("/api/v1")
    assert set(document["info"]["contact"]) >= {"name", "url", "email"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", document["info"]["version"])


def test_paths_are_kebab_case_without_trailing_slash(document):
    for path in document["paths"]:
        assert not path.endswith("/"), path
        assert not path.startswith("/api/"), "paths are relative to the server URL"
        assert all(KEBAB_SEGMENT.match(segment) for segment in path.strip("/").split("/")), path


def test_every_response_declares_the_version_header(document):
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            assert "API-Version" in response.get("headers", {}), (path, method, status)


def test_every_error_response_is_a_problem(document):
    problem = document["components"]["schemas"]["Fout"]
    assert {"status", "title", "detail", "code"} <= set(problem["required"])
    for path, method, operation in operations(document):
        assert "400" in operation["responses"], (path, method)
        for status, response in operation["responses"].items():
            if status[0] in "45":
                assert list(response["content"]) == ["application/problem+json"], (path, status)


def test_creating_posts_take_an_idempotency_key(document):
    posts = [
        operation
        for path, method, operation in operations(document)
        if method == "post"
        and path in ("/ruimtes", "/ruimtes/{id}/leden", "/ruimtes/{id}/uitnodigingen")
    ]

    assert posts
    for operation in posts:
        refs = [parameter.get("$ref", "") for parameter in operation.get("parameters", [])]
        assert "#/components/parameters/Idempotency-Key" in refs, operation["operationId"]
        assert "Location" in operation["responses"]["201"]["headers"]


def test_query_keys_are_camel_case(document):
    for path, _method, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "query":
                assert CAMEL_CASE.match(parameter["name"]), (path, parameter["name"])


def test_properties_are_camel_case_and_date_times_are_zoned(document):
    for name, schema in document["components"]["schemas"].items():
        for prop, definition in schema.get("properties", {}).items():
            assert CAMEL_CASE.match(prop), (name, prop)
            assert definition.get("format") not in ("date-time-local", "time"), (name, prop)


def test_every_resource_has_id_and_url(document):
    resources = ["Organisatie", "Sjabloon", "Ruimte", "Lid", "Uitnodiging", "AudittrailRegel"]
    for name in resources:
        properties = document["components"]["schemas"][name]["properties"]
        assert properties["id"]["format"] == "uuid", name
        assert properties["url"]["format"] == "uri", name


def test_reference_page_loads_everything_from_this_server(db):
    client = Client()

    page = client.get(f"{BASE}/docs")
    script = client.get(f"{BASE}/docs", {"script": ""})

    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert len(sources) == 3
    assert all(source.startswith("/") for source in sources), sources
    assert "<script>" not in html
    assert "<style" not in html
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert f"{BASE}/openapi.json" in script.content.decode()
