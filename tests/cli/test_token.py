import re

import pytest
from rest_framework.test import APIClient

from samen.audit.models import AuditEntry
from samen.organisations.models import ApiToken
from tests.cli.conftest import fails, run

TOKEN_PATTERN = re.compile(r"samen_[A-Za-z0-9_-]{43}")
WHOAMI = "/api/v1/test-wie-ben-ik"


def whoami(token: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(WHOAMI)


def test_create_prints_only_the_token(world):
    out = run("token", "create", "--email", world.owner.email)

    assert out.endswith("\n")
    assert TOKEN_PATTERN.fullmatch(out.removesuffix("\n"))
    token = ApiToken.objects.get(user=world.owner)
    assert token.key_hash != out.strip()
    assert out.strip() not in token.key_hash
    assert AuditEntry.objects.filter(action="token.created", object_id=str(token.pk)).exists()


@pytest.mark.urls("tests.cli.whoami_urls")
def test_created_token_authenticates_against_the_api(world):
    token = run("token", "create", "--email", world.owner.email).strip()

    response = whoami(token)

    assert response.status_code == 200
    assert response.json() == {"email": world.owner.email}


def test_unknown_email_is_refused(world):
    error = fails("token", "create", "--email", "nobody@overijssel.example")

    assert "nobody@overijssel.example" in str(error)
    assert not ApiToken.objects.exists()


@pytest.mark.urls("tests.cli.whoami_urls")
def test_revoked_token_no_longer_authenticates(world):
    token = run("token", "create", "--email", world.owner.email).strip()

    out = run("token", "revoke", "--email", world.owner.email)

    assert "Revoked 1 token" in out
    response = whoami(token)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.urls("tests.cli.whoami_urls")
def test_revoke_with_hint_keeps_the_other_tokens(world):
    first = run("token", "create", "--email", world.owner.email).strip()
    second = run("token", "create", "--email", world.owner.email).strip()

    run("token", "revoke", "--email", world.owner.email, "--hint", first[:12])

    assert whoami(first).status_code == 401
    assert whoami(second).status_code == 200


def test_revoke_with_unknown_hint_is_refused(world):
    run("token", "create", "--email", world.owner.email)

    error = fails("token", "revoke", "--email", world.owner.email, "--hint", "samen_nothere")

    assert "no active token starting with samen_nothere" in str(error)
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_created_token_lists_the_persons_workspaces(world):
    token = run("token", "create", "--email", world.partner.email).strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = client.get("/api/v1/ruimtes")

    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [str(world.workspace.pk)]
