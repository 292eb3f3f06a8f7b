"""Helpers for the API tests: the personas' clients and problem+json checks."""

from typing import Any

import pytest

from samen.audit.models import AuditEntry
from tests.conftest import api_client_for

BASE = "/api/v1"


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs collectstatic; the API reference page only
    # needs the URLs of the sidecar's files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def as_owner(world):
    return api_client_for(world.owner)


@pytest.fixture
def as_colleague(world):
    return api_client_for(world.colleague)


@pytest.fixture
def as_partner(world):
    return api_client_for(world.partner)


@pytest.fixture
def as_outsider(world):
    return api_client_for(world.outsider)


@pytest.fixture
def anonymous(world):
    return api_client_for(None)


def workspace_url(world: Any, suffix: str = "") -> str:
    return f"{BASE}/ruimtes/{world.workspace.pk}{suffix}"


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["API-Version"]
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


def invalid_names(body: dict[str, Any]) -> set[str]:
    return {param["name"] for param in body.get("invalidParams", [])}


class Unchanged:
    """Counts rows before a refused request, to show afterwards that nothing was stored."""

    def __init__(self, *models: Any) -> None:
        self.models = (*models, AuditEntry)
        self.before = {model: model.objects.count() for model in self.models}

    def check(self) -> None:
        after = {model: model.objects.count() for model in self.models}
        assert after == self.before
