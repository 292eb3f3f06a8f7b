"""Log-in, lock-out, log-out and password reset."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _log_in(client: Client, email: str, password: str):
    return client.post("/inloggen", {"username": email, "password": password})


def test_login_page_speaks_dutch(world):
    response = Client().get("/inloggen")

    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen bij Samen" in response.content.decode()


def test_anonymous_home_redirects_to_login(world):
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen")


def test_login_with_right_password_opens_home(world):
    client = Client()

    response = _log_in(client, world.owner.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert "Bodemsanering Zwolle-Zuid" in home.content.decode()


def test_login_with_wrong_password_shows_error_linked_to_summary(world):
    response = _log_in(Client(), world.owner.email, "wrong-password")

    body = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in body
    assert "Het e-mailadres of het wachtwoord klopt niet." in body


def test_five_wrong_passwords_lock_the_account(world):
    client = Client()
    for _attempt in range(4):
        assert _log_in(client, world.owner.email, "wrong-password").status_code == 200

    locked = _log_in(client, world.owner.email, "wrong-password")

    assert locked.status_code == 429
    assert "Account tijdelijk geblokkeerd" in locked.content.decode()
    assert "5 keer achter elkaar verkeerd" in locked.content.decode()
    # Even the right password is refused while the lock lasts.
    still_locked = _log_in(client, world.owner.email, PASSWORD)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(world, browse):
    client = browse(world.owner)

    assert client.get("/uitloggen").status_code == 405
    response = client.post("/uitloggen")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(world):
    client = Client()

    response = client.post("/wachtwoord-vergeten", {"email": world.partner.email})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/wachtwoord-herstellen/\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "Another-Long-Secret-42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    world.partner.refresh_from_db()
    assert world.partner.check_password(new_password)


def test_password_reset_for_unknown_address_sends_nothing(world):
    response = Client().post("/wachtwoord-vergeten", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mail.outbox == []


def test_post_without_csrf_token_gets_a_dutch_explanation(world):
    response = Client(enforce_csrf_checks=True).post(
        "/inloggen", {"username": world.owner.email, "password": PASSWORD}
    )

    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
