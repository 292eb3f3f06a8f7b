"""Browser tests need Debian's chromium; where it is missing they skip, except in CI.

In CI (CI=true) or with SAMEN_REQUIRE_BROWSER=1 a missing browser fails the
run instead: a green build must mean the pages were really tested.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium"))


def browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get(
        "SAMEN_REQUIRE_BROWSER", ""
    ) in ("1", "true")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing; install it with: sudo apt-get install chromium"
    if browser_required():
        pytest.fail(f"{reason} (required because CI or SAMEN_REQUIRE_BROWSER is set)")
    pytest.skip(reason)
