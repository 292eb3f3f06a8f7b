"""Exchange personas on top of the shared world.

- holder: the province's owner, with the mailbox right;
- receiver: the municipality's partner, with the municipality's mailbox right;
- colleague: in the province, without the mailbox right;
- outsider: from the water board, without any right.
"""

import pytest

from samen.exchange import actions
from samen.exchange.delivery import deliver_batch


@pytest.fixture(autouse=True)
def _exchange_dir(settings, tmp_path):
    settings.EXCHANGE_DIR = tmp_path / "exchange"
    settings.EXCHANGE_URL = "http://testserver/uitwisseling/v1"
    # Pages render without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def mailboxes(world):
    actions.grant_mailbox(actor=None, user=world.owner, manager=True)
    actions.grant_mailbox(actor=None, user=world.partner)
    return world


@pytest.fixture
def deliver():
    def run() -> int:
        total = 0
        while done := deliver_batch(500):
            total += done
        return total

    return run
