"""Samen's settings for the test suite.

The same settings as production, with one exception: a fixed, test-only
secret key, so that `pytest` runs in a fresh clone without configuration
(production refuses to start without SAMEN_SECRET_KEY). A key set in the
environment still wins.
"""

import os

os.environ.setdefault("SAMEN_SECRET_KEY", "tests-only-secret-key-never-used-outside-the-test-suite")

from samen.settings import *  # noqa: F403
