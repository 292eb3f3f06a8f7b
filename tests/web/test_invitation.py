"""Accepting an invitation, with or without an account."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from samen.organisations.models import User
from samen.workspaces import actions
from samen.workspaces.access import workspace_for
from samen.workspaces.models import Membership

pytestmark = pytest.mark.django_db


def _invite(world, email: str) -> str:
    access = workspace_for(world.owner, world.workspace.pk)
    _invitation, token = actions.invite(
        actor=world.owner, access=access, email=email, role="bijdrager"
    )
    return token


def test_new_person_creates_an_account_and_is_logged_in(world):
    token = _invite(world, "nina@zwolle.example")
    client = Client()

    page = client.get(f"/uitnodiging/{token}")
    response = client.post(
        f"/uitnodiging/{token}",
        {
            "name": "Nina Nieuw",
            "password": "Lang-Genoeg-Wachtwoord-7",
            "password_again": "Lang-Genoeg-Wachtwoord-7",
        },
    )

    assert page.status_code == 200
    assert "Uitnodiging voor Bodemsanering Zwolle-Zuid" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"/ruimtes/{world.workspace.pk}"
    user = User.objects.get(email="nina@zwolle.example")
    assert Membership.objects.get(workspace=world.workspace, user=user).role == "bijdrager"
    assert client.get(response["Location"]).status_code == 200


def test_weak_password_is_refused_and_no_account_made(world):
    token = _invite(world, "nina@zwolle.example")

    response = Client().post(
        f"/uitnodiging/{token}",
        {"name": "Nina Nieuw", "password": "12345", "password_again": "12345"},
    )

    assert response.status_code == 400
    assert 'href="#id_password"' in response.content.decode()
    assert not User.objects.filter(email="nina@zwolle.example").exists()


def test_differing_passwords_are_refused(world):
    token = _invite(world, "nina@zwolle.example")

    response = Client().post(
        f"/uitnodiging/{token}",
        {"name": "Nina", "password": "Lang-Genoeg-Wachtwoord-7", "password_again": "anders"},
    )

    assert response.status_code == 400
    assert "De twee wachtwoorden verschillen." in response.content.decode()
    assert not User.objects.filter(email="nina@zwolle.example").exists()


def test_logged_in_person_accepts(world, browse):
    token = _invite(world, world.outsider.email)
    client = browse(world.outsider)

    response = client.post(f"/uitnodiging/{token}")

    assert response.status_code == 302
    assert Membership.objects.filter(workspace=world.workspace, user=world.outsider).exists()
    assert client.get(f"/ruimtes/{world.workspace.pk}").status_code == 200


def test_existing_account_is_asked_to_log_in(world):
    token = _invite(world, world.outsider.email)

    response = Client().get(f"/uitnodiging/{token}")

    assert response.status_code == 200
    assert "Log in om de uitnodiging aan te nemen" in response.content.decode()


def test_used_invitation_gives_a_clear_message(world, browse):
    token = _invite(world, world.outsider.email)
    browse(world.outsider).post(f"/uitnodiging/{token}")

    response = Client().get(f"/uitnodiging/{token}")

    assert response.status_code == 404
    assert "Uitnodiging niet meer geldig" in response.content.decode()


def test_expired_invitation_gives_a_clear_message(world):
    token = _invite(world, "nina@zwolle.example")
    world.workspace.invitations.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = Client().post(
        f"/uitnodiging/{token}",
        {
            "name": "Nina",
            "password": "Lang-Genoeg-Wachtwoord-7",
            "password_again": "Lang-Genoeg-Wachtwoord-7",
        },
    )

    assert response.status_code == 404
    assert "Uitnodiging niet meer geldig" in response.content.decode()
    assert not User.objects.filter(email="nina@zwolle.example").exists()


def test_made_up_token_gives_the_same_message(world):
    response = Client().get("/uitnodiging/made-up-token")

    assert response.status_code == 404
    assert "Uitnodiging niet meer geldig" in response.content.decode()
