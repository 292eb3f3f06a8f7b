"""The whole foundation in a real browser against the real server, with axe-core.

One scenario, as a project leader lives it: log in, open a workspace from a
template, invite a partner, change a role, switch language, and visit every
page on the way; axe-core checks each page and the test fails on any
violation of impact serious or critical. A page's console must show no
Content-Security-Policy violation either, so htmx and the styles really
work under the strict policy.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser import server as samen_server
from tests.browser.chromium import LEADER, PASSWORD, browser, serious_violations

__all__ = ["browser"]  # the shared fixture, used by this module's tests

pytestmark = pytest.mark.browser

RESETTER = "sanne.bakker@wdodelta.example"
LOCKED = "thomas.degroot@deltaadvies.example"
EXISTING = "pieter.jansen@zwolle.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[samen_server.Server]:
    running = samen_server.start(tmp_path_factory.mktemp("samen-data"))
    yield running
    samen_server.stop(running)


class Visit:
    """A browser tab that checks every page it lands on."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.axe = Axe()
        self.console_errors: list[str] = []
        self.titles: dict[str, str] = {}
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def go(self, path: str) -> Page:
        """Open a page by its address; every address has a title of its own."""
        self.page.goto(self.base + path)
        self.check()
        title = self.page.title()
        assert self.titles.setdefault(title, path) == path, f"{title!r} on two pages"
        return self.page

    def check(self) -> None:
        """axe-core on the page as it is now, plus the basic page rules."""
        violations = serious_violations(self.page, self.axe)
        where = self.page.url
        assert violations == [], where
        assert self.page.locator("html").get_attribute("lang") in ("nl", "en"), where
        assert self.page.locator("main").count() == 1, where
        csp = [text for text in self.console_errors if "Content Security Policy" in text]
        assert csp == [], where


@pytest.fixture
def visit(browser, server) -> Iterator[Visit]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    yield Visit(context.new_page(), server.url)
    context.close()


def _log_in(visit: Visit, email: str) -> None:
    page = visit.go("/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn ruimtes")
    visit.check()


def test_screenshots_of_the_demo(visit):
    """Pictures for the README, before other tests add data; written only when
    SAMEN_SCREENSHOT_DIR is set."""
    target = os.environ.get("SAMEN_SCREENSHOT_DIR")
    _log_in(visit, LEADER)
    page = visit.page
    home = page.screenshot(full_page=True)
    page.get_by_role("link", name="Bodemsanering", exact=False).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    visit.check()
    overview = page.screenshot(full_page=True)

    assert home
    assert overview
    if target:
        Path(target, "screenshot-home.png").write_bytes(home)
        Path(target, "screenshot.png").write_bytes(overview)


def test_anonymous_pages(visit):
    visit.go("/inloggen")
    visit.go("/wachtwoord-vergeten")
    page = visit.page
    page.get_by_label("E-mailadres").fill("onbekend@example.org")
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    visit.check()
    visit.go("/toegankelijkheid")

    page = visit.go("/inloggen")
    page.get_by_role("button", name="Inloggen").click()  # the empty form
    expect(page.locator("[data-error-summary]")).to_be_focused()
    visit.check()


def test_project_leader_scenario(visit, server):
    page = visit.page
    _log_in(visit, LEADER)

    # A new workspace from a template; first with the name forgotten.
    visit.go("/ruimtes/nieuw")
    page.get_by_text("Omgevingsvisie", exact=True).click()
    page.get_by_role("button", name="Ruimte openen").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    visit.check()
    page.get_by_role("link", name=re.compile("^Naam:")).click()
    expect(page.get_by_label("Naam")).to_be_focused()
    page.get_by_label("Naam").fill("Omgevingsvisie Salland 2040")
    page.get_by_label("Beschrijving").fill("Actualisering met gemeenten en waterschap.")
    page.get_by_role("button", name="Ruimte openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    expect(page.get_by_text("De ruimte Omgevingsvisie Salland 2040 is geopend.")).to_be_visible()
    visit.check()
    overview = page.url

    # Invite a partner organisation and a person.
    page.get_by_role("link", name="Leden", exact=True).click()
    visit.check()
    partner = page.locator("form[action$='/leden/organisatie']")
    partner.get_by_label("Organisatie", exact=True).select_option(
        label="Waterschap Drents Overijsselse Delta"
    )
    partner.get_by_label("Rol").select_option("lezer")
    partner.get_by_role("button", name="Organisatie toevoegen").click()
    expect(page.get_by_text("Waterschap Drents Overijsselse Delta is toegevoegd.")).to_be_visible()
    visit.check()
    invite = page.locator("form[action$='/leden/uitnodigen']")
    invite.get_by_label("E-mailadres").fill("nina.nieuw@salland.example")
    invite.get_by_label("Rol").select_option("bijdrager")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(
        page.get_by_text("Er is een uitnodiging verstuurd aan nina.nieuw@salland.example.")
    ).to_be_visible()
    visit.check()
    invite = page.locator("form[action$='/leden/uitnodigen']")
    invite.get_by_label("E-mailadres").fill(EXISTING)
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text(f"Er is een uitnodiging verstuurd aan {EXISTING}.")).to_be_visible()
    visit.check()

    # Change the water board's role in place, through htmx.
    row = page.locator("tr", has_text="Waterschap Drents Overijsselse Delta")
    row.get_by_label("Rol").select_option("bijdrager")
    row.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(
        page.locator("tr", has_text="Waterschap Drents Overijsselse Delta").get_by_role("status")
    ).to_have_text("Opgeslagen")
    visit.check()

    # The last manager cannot step down; the row says why, in place.
    own_row = page.locator("tr", has_text="Anne de Vries")
    own_row.get_by_label("Rol").select_option("lezer")
    own_row.get_by_role("button", name=re.compile("^Opslaan")).click()
    expect(page.locator("tr", has_text="Anne de Vries").get_by_role("alert")).to_have_text(
        "Een ruimte moet ten minste één beheerder houden."
    )
    visit.check()

    # The activity feed tells it all in Dutch.
    page.get_by_role("link", name="Activiteit", exact=True).click()
    feed = page.locator(".samen-feed")
    expect(feed).to_contain_text(
        "Anne de Vries heeft Waterschap Drents Overijsselse Delta toegevoegd als lezer."
    )
    expect(feed).to_contain_text(
        "Anne de Vries heeft de rol van Waterschap Drents Overijsselse Delta gewijzigd"
        " van lezer naar bijdrager."
    )
    visit.check()

    visit.go("/profiel")
    page.get_by_role("button", name="Token aanmaken").click()
    expect(page.locator(".samen-token")).to_have_text(re.compile("^samen_"))
    visit.check()
    visit.go("/")
    visit.go("/bestaat-niet")

    # Switch to English: the same pages in English.
    page.goto(overview)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    visit.check()
    page.get_by_role("link", name="Members", exact=True).click()
    visit.check()
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    # The invited person follows the link from the e-mail and makes an account.
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    links = server.invitation_links()
    assert len(links) == 2, server.mails()[-6000:]
    nina_link, pieter_link = links
    page.goto(pieter_link)
    expect(page.get_by_text("Log in om de uitnodiging aan te nemen.")).to_be_visible()
    visit.check()
    page.goto(nina_link)
    visit.check()
    page.get_by_label("Uw naam").fill("Nina Nieuw")
    page.get_by_label("Wachtwoord", exact=True).fill("Salland-Samen-2040")
    page.get_by_label("Wachtwoord nogmaals").fill("Salland-Samen-2040")
    page.get_by_role("button", name="Account aanmaken en aannemen").click()
    expect(page.get_by_text("Uw account is klaar.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
    visit.check()

    # The link works once.
    page.goto(nina_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uitnodiging niet meer geldig")
    visit.check()


def test_password_reset_and_lockout_pages(visit, server):
    page = visit.go("/wachtwoord-vergeten")
    page.get_by_label("E-mailadres").fill(RESETTER)
    page.get_by_role("button", name="Link versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    links = re.findall(r"http://\S+/wachtwoord-herstellen/\S+", server.mails())
    assert links, "the reset mail was not written to the server log"

    page.goto(links[-1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw wachtwoord instellen")
    visit.check()
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Nieuw-Geheim-Salland-7")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Nieuw-Geheim-Salland-7")
    page.get_by_role("button", name="Nieuw wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw nieuwe wachtwoord is opgeslagen")
    visit.check()

    # Five wrong passwords lock the account, with a page that says so.
    for _attempt in range(5):
        page = visit.go("/inloggen") if _attempt == 0 else page
        page.get_by_label("E-mailadres").fill(LOCKED)
        page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account tijdelijk geblokkeerd")
    visit.check()


def test_activity_more_button_appends_the_next_page(visit):
    _log_in(visit, LEADER)
    page = visit.page
    page.get_by_role("link", name="Bodemsanering").first.click()
    overview = page.url
    for phase in ["realisatie", "planuitwerking"] * 11:
        page.get_by_label("Fase", exact=True).select_option(phase)
        page.get_by_role("button", name="Fase opslaan").click()
        expect(page.get_by_text("De fase is gewijzigd.")).to_be_visible()

    page.goto(overview + "/activiteit")
    items = page.locator(".samen-feed__item")
    expect(items).to_have_count(20)
    page.get_by_role("link", name="Meer tonen").click()

    expect(items).not_to_have_count(20)
    assert page.url == overview + "/activiteit"
    expect(page.locator(".samen-feed")).to_contain_text("heeft de ruimte Bodemsanering geopend")
    visit.check()


def test_the_axe_check_fails_on_a_real_violation(visit):
    """The checker itself: a page with an unlabelled field must not pass."""
    page = visit.go("/inloggen")
    page.evaluate(
        "document.querySelector('main').append(Object.assign("
        "document.createElement('input'), {type: 'text'}))"
    )

    with pytest.raises(AssertionError):
        visit.check()


def test_keyboard_reaches_the_skip_link_first_and_focus_is_visible(visit):
    _log_in(visit, LEADER)
    page = visit.page

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Direct naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    assert page.evaluate("document.activeElement.closest('main') !== null")
