"""No English on a Dutch page: every translated phrase appears only in Dutch."""

import re
from pathlib import Path

import pytest

import samen
from samen.web.pages import is_htmx  # noqa: F401 - the web app must import

pytestmark = pytest.mark.django_db

APPS = ["web", "workspaces", "organisations", "audit"]


def _english_phrases() -> set[str]:
    """The msgids of Samen's catalogues that differ from their Dutch text."""
    phrases = set()
    package = Path(samen.__file__).parent
    for app in APPS:
        text = (package / app / "locale/nl/LC_MESSAGES/django.po").read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            lines = [line for line in block.splitlines() if not line.startswith("#")]
            msgid = "".join(
                line.split('"', 1)[1].rsplit('"', 1)[0]
                for line in lines
                if line.startswith(("msgid ", '"')) and not line.startswith("msgid_plural")
            )
            # Only phrases long and placeholder-free enough to be found in a page
            # on their own; "Status" reads the same in both languages.
            if len(msgid) > 12 and "%(" not in msgid and " " in msgid:
                phrases.add(msgid)
    return phrases


def test_catalogues_have_no_fuzzy_or_empty_entries():
    package = Path(samen.__file__).parent
    for app in APPS:
        text = (package / app / "locale/nl/LC_MESSAGES/django.po").read_text(encoding="utf-8")
        assert "#, fuzzy" not in text, app
        assert (package / app / "locale/nl/LC_MESSAGES/django.mo").exists(), app
        body = text.split("\n\n", 1)[1]
        assert 'msgstr ""\n\n' not in body + "\n", app


def _pages(world) -> list[str]:
    workspace = world.workspace.pk
    return [
        "/",
        "/profiel",
        "/ruimtes/nieuw",
        f"/ruimtes/{workspace}",
        f"/ruimtes/{workspace}/leden",
        f"/ruimtes/{workspace}/activiteit",
        "/toegankelijkheid",
    ]


def test_dutch_pages_contain_no_english_phrase(world, browse):
    phrases = _english_phrases()
    client = browse(world.owner)

    for path in _pages(world):
        body = client.get(path).content.decode()
        found = sorted(phrase for phrase in phrases if phrase in body)
        assert found == [], path


def test_anonymous_pages_contain_no_english_phrase(world):
    from django.test import Client

    phrases = _english_phrases()
    for path in ["/inloggen", "/wachtwoord-vergeten", "/wachtwoord-vergeten/verstuurd"]:
        body = Client().get(path).content.decode()
        assert sorted(p for p in phrases if p in body) == [], path


def test_no_other_catalogue_shadows_a_samen_translation():
    """Django's own catalogues come first for a shared msgid ("Log in" is
    "Aanmelden" in the admin's); such msgids need a context in Samen."""
    from django.utils import translation

    package = Path(samen.__file__).parent
    shadowed = []
    with translation.override("nl"):
        for app in APPS:
            text = (package / app / "locale/nl/LC_MESSAGES/django.po").read_text(encoding="utf-8")
            for msgctxt, msgid, msgstr in re.findall(
                r'(?:msgctxt "([^"]*)"\n)?msgid "([^"]+)"\nmsgstr "([^"]+)"\n', text
            ):
                got = (
                    translation.pgettext(msgctxt, msgid) if msgctxt else translation.gettext(msgid)
                )
                if got != msgstr and msgid != "You may not do this.":
                    shadowed.append((app, msgid, got))
    assert shadowed == []
