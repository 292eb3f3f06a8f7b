"""The mailbox pages in a real browser against `samen serve`, with axe-core.

A person with the mailbox right writes a message to another organisation,
sees it queued, and after delivery sees it delivered with the receipt.
Every page passes axe-core with no serious or critical violation and shows
no Content-Security-Policy error.
"""

import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser import server as samen_server
from tests.browser.chromium import LEADER, PASSWORD, browser  # noqa: F401
from tests.browser.test_documents import check, page  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[samen_server.Server]:
    data_dir = tmp_path_factory.mktemp("samen-exchange")
    running = samen_server.start(data_dir)
    running.data_dir = data_dir  # type: ignore[attr-defined]
    samen(running, "user", "update", "--email", LEADER, "--mailbox")
    yield running
    samen_server.stop(running)


def samen(server: samen_server.Server, *args: str) -> str:
    env = samen_server.environment(server.data_dir, 0)  # type: ignore[attr-defined]
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [samen_server.SAMEN, *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_write_a_message_and_see_it_delivered_with_its_receipt(page, server):  # noqa: F811
    page.goto(server.url + "/inloggen")
    page.get_by_label("E-mailadres").fill(LEADER)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(server.url + "/berichten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichtenbox")
    check(page)

    page.get_by_role("link", name="Nieuw bericht").click()
    check(page)
    receiver = page.get_by_label("Aan", exact=True)
    receiver.select_option(index=1)
    page.get_by_label("Onderwerp").fill("Beschikking bodemsanering")
    page.locator("#id_body").fill("Hierbij de beschikking.")
    page.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Beschikking bodemsanering")
    expect(page.locator("#bericht-status")).to_contain_text("In de wachtrij")
    check(page)

    samen(server, "exchange", "deliver")
    expect(page.locator("#bericht-status")).to_contain_text("Afgeleverd", timeout=10_000)
    page.reload()
    expect(page.get_by_role("heading", name="Ontvangstbevestiging")).to_be_visible()
    check(page)

    page.goto(server.url + "/berichten?map=outbox")
    expect(page.get_by_role("link", name="Beschikking bodemsanering")).to_be_visible()
    check(page)


def test_webhook_subscriptions_page_in_dutch_and_english(page, server):  # noqa: F811
    page.goto(server.url + "/inloggen")
    page.get_by_label("E-mailadres").fill(LEADER)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(server.url + "/berichten")
    page.get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    check(page)

    page.get_by_role("button", name="Abonnement toevoegen").click()  # the empty form
    expect(page.locator("[data-error-summary]")).to_be_visible()
    check(page)

    page.get_by_label("Adres (URL)").fill("https://systeem.example/samen-hook")
    page.get_by_label("Bericht mislukt").check()
    page.get_by_role("button", name="Abonnement toevoegen").click()
    expect(page.locator(".samen-token")).to_be_visible()
    check(page)

    page.get_by_role("button", name="https://systeem.example/samen-hook pauzeren").click()
    expect(page.get_by_text("Het abonnement is gepauzeerd.")).to_be_visible()
    check(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Subscriptions")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
