"""Samen's settings for the test suite.

The same settings as production, with one exception: a fixed, test-only
secret key, so that `pytest` runs in a fresh clone without configuration
(production refuses to start without SAMEN_SECRET_KEY). A key set in the
environment still wins.
"""

import os

os.environ.setdefault("SAMEN_SECRET_KEY", "tests-only-secret-key-never-used-outside-the-test-suite")

from samen.settings import *  # noqa: F403

# The manifest storage needs `collectstatic` first; in tests, pages render
# with the plain file names.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns at every start when the collected-files folder is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
