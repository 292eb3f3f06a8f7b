"""What every browser test shares: Debian's Chromium, the demo log-in, the axe check.

Test modules import the `browser` fixture from here, so that one launch
recipe serves them all (Playwright never downloads a browser of its own).
"""

import os
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "Samen-demo-2026"
LEADER = "anne.devries@overijssel.example"
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield chromium
        chromium.close()


def serious_violations(page: Page, axe: Axe | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    results = (axe or Axe()).run(page)
    return [
        f"{item['id']} ({item['impact']}): {item['help']} at "
        + ", ".join(node["target"][0] for node in item["nodes"][:3])
        for item in results.response["violations"]
        if item["impact"] in SERIOUS
    ]
