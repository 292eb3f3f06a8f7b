"""The documents pages in a real browser against `samen serve`, with axe-core.

A project leader uploads two files with the progress bars, opens the
document, downloads it and gets the very same bytes, edits its details,
moves it to the trash and restores it. Every page passes axe-core with no
serious or critical violation and shows no Content-Security-Policy error.
"""

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import server as samen_server
from tests.browser.chromium import LEADER, PASSWORD, browser, serious_violations

__all__ = ["browser"]  # the shared fixture, used by this module's tests

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[samen_server.Server]:
    running = samen_server.start(tmp_path_factory.mktemp("samen-documents"))
    yield running
    samen_server.stop(running)


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    tab = context.new_page()
    tab.csp_errors = []  # type: ignore[attr-defined]
    tab.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and tab.csp_errors.append(message.text)
        ),  # type: ignore[attr-defined]
    )
    yield tab
    context.close()


def check(page: Page) -> None:
    """axe-core finds nothing serious, and the strict CSP blocked nothing."""
    assert serious_violations(page) == [], page.url
    assert page.csp_errors == [], page.url  # type: ignore[attr-defined]


def log_in_and_open_documents(page: Page, base: str) -> None:
    page.goto(base + "/inloggen")
    page.get_by_label("E-mailadres").fill(LEADER)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Bodemsanering", exact=False).first.click()
    page.get_by_role("link", name="Documenten", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documenten")


def test_upload_with_progress_then_download_the_same_bytes(page, server, tmp_path):
    big = tmp_path / "Bodemonderzoek fase 1.bin"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    note = tmp_path / "Notitie overleg.txt"
    note.write_text("Afspraken met de gemeente over de sanering.\n", encoding="utf-8")
    log_in_and_open_documents(page, server.url)
    check(page)

    page.get_by_label("Bestanden", exact=True).set_input_files([big, note])
    page.get_by_role("button", name="Opladen", exact=True).click()

    items = page.locator(".samen-upload-item")
    expect(items).to_have_count(2)
    for item in (items.nth(0), items.nth(1)):
        expect(item.get_by_text("Opgeladen")).to_be_visible(timeout=60_000)
        assert item.locator("progress").get_attribute("value") == "100"
    expect(page.locator("[data-upload-status]")).to_contain_text("Klaar: 2 van 2")
    check(page)
    if os.environ.get("SAMEN_SCREENSHOT_DIR"):
        page.screenshot(path=Path(os.environ["SAMEN_SCREENSHOT_DIR"], "screenshot-upload.png"))

    page.get_by_role("link", name="Toon ze in de lijst").click()
    page.get_by_role("link", name="Bodemonderzoek fase 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bodemonderzoek fase 1")
    check(page)
    if os.environ.get("SAMEN_SCREENSHOT_DIR"):
        page.screenshot(path=Path(os.environ["SAMEN_SCREENSHOT_DIR"], "screenshot-document.png"))
    with page.expect_download() as caught:
        page.get_by_role("link", name=re.compile("downloaden$")).click()
    downloaded = Path(caught.value.path()).read_bytes()

    assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(big.read_bytes()).hexdigest()
    assert caught.value.suggested_filename == big.name


def test_edit_trash_and_restore(page, server, tmp_path):
    paper = tmp_path / "Plan van aanpak.txt"
    paper.write_text("Eerste opzet.\n", encoding="utf-8")
    log_in_and_open_documents(page, server.url)
    page.get_by_label("Bestanden", exact=True).set_input_files(paper)
    page.get_by_role("button", name="Opladen", exact=True).click()
    page.get_by_role("link", name="Open Plan van aanpak").click()

    page.get_by_role("link", name="Gegevens wijzigen").click()
    check(page)
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    check(page)
    page.get_by_label("Titel").fill("Plan van aanpak sanering")
    page.get_by_label("Trefwoorden").fill("bodem, aanpak")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak sanering")

    page.get_by_role("button", name="Naar de prullenbak").click()
    expect(page.get_by_text("is naar de prullenbak verplaatst")).to_be_visible()
    page.get_by_role("link", name="Prullenbak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prullenbak")
    check(page)
    page.get_by_role("button", name="Plan van aanpak sanering Herstellen").click()
    expect(page.get_by_text("Plan van aanpak sanering is hersteld.")).to_be_visible()


def test_dropped_file_is_uploaded_and_a_refused_one_says_why(page, server, tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    log_in_and_open_documents(page, server.url)

    page.evaluate(
        """() => {
            const files = new DataTransfer();
            files.items.add(new File(["Gesleept verslag."], "gesleept.txt", {type: "text/plain"}));
            const zone = document.querySelector("[data-drop-zone]");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: files, bubbles: true}));
        }"""
    )
    dropped = page.locator(".samen-upload-item", has_text="gesleept.txt")
    expect(dropped.get_by_text("Opgeladen")).to_be_visible(timeout=30_000)

    page.get_by_label("Bestanden", exact=True).set_input_files(empty)
    page.get_by_role("button", name="Opladen", exact=True).click()
    refused = page.locator(".samen-upload-item", has_text="leeg.txt")

    expect(refused).to_contain_text("Niet opgeladen: Het bestand is leeg.")
    expect(page.locator("[data-upload-status]")).to_contain_text("Klaar: 1 van 2")
    check(page)


def test_folders_pages_pass_axe(page, server):
    log_in_and_open_documents(page, server.url)
    page.get_by_label("Naam van de nieuwe map").fill("Vergunningen")
    page.get_by_role("button", name="Map maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vergunningen")
    check(page)

    shot = page.screenshot(full_page=True)
    target = os.environ.get("SAMEN_SCREENSHOT_DIR")
    if target:
        Path(target, "screenshot-documents.png").write_bytes(shot)
    assert shot
