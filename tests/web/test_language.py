"""Dutch first, English on request: cookie for visitors, profile for people."""

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_language_switch_shows_english_to_a_visitor(world):
    client = Client()

    response = client.post("/taal", {"language": "en", "next": "/inloggen"})

    assert response.status_code == 302
    assert response["Location"] == "/inloggen"
    page = client.get("/inloggen").content.decode()
    assert '<html lang="en">' in page
    assert "Log in to Samen" in page


def test_language_switch_refuses_an_unknown_language(world):
    response = Client().post("/taal", {"language": "xx"})

    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_ignores_a_foreign_next(world):
    response = Client().post("/taal", {"language": "en", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_language_switch_is_stored_on_the_profile(world, browse):
    client = browse(world.owner)

    client.post("/taal", {"language": "en", "next": "/"})

    world.owner.refresh_from_db()
    assert world.owner.language == "en"


def test_profile_language_wins_over_the_cookie(world, browse):
    world.partner.language = "en"
    world.partner.save()
    client = browse(world.partner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert "My workspaces" in page


def test_profile_page_saves_the_language(world, browse):
    client = browse(world.owner)

    response = client.post("/profiel", {"language": "en"})

    assert response.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.language == "en"
    assert "Profile" in client.get("/profiel").content.decode()


def test_profile_page_refuses_an_unknown_language(world, browse):
    response = browse(world.owner).post("/profiel", {"language": "fr"})

    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    world.owner.refresh_from_db()
    assert world.owner.language == "nl"


def test_unknown_address_answers_in_the_profile_language(world, browse):
    world.partner.language = "en"
    world.partner.save()

    response = browse(world.partner).get("/does-not-exist")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
