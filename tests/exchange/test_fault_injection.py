"""Two real installations under faults: kill -9, dropped answers, corrupted parts.

The long version is scripts/exchange-soak; this one is short enough for CI.
Set EXCHANGE_FAULT_DATABASE_URL (a PostgreSQL server URL without a database
name) to run both installations on PostgreSQL instead of SQLite.
"""

import os
import uuid

import psycopg
import pytest

from tests.exchange import chaos


def _databases() -> tuple[str | None, str | None]:
    base = os.environ.get("EXCHANGE_FAULT_DATABASE_URL")
    if not base:
        return (None, None)
    urls = []
    for side in ("a", "b"):
        name = f"samen_fault_{side}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base.rstrip('/')}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        urls.append(f"{base.rstrip('/')}/{name}")
    return (urls[0], urls[1])


def _drop(urls: tuple[str | None, str | None]) -> None:
    for url in urls:
        if url:
            server, name = url.rsplit("/", 1)
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases():
    urls = _databases()
    yield urls
    _drop(urls)


def test_nothing_is_lost_or_duplicated_under_faults(tmp_path, databases):
    figures = chaos.run(
        tmp_path, count=200, attachment_every=10, timeout=400, database_urls=databases
    )

    assert figures["messages"] == 200
    assert figures["lost"] == 0, figures
    assert figures["duplicated"] == 0, figures
    assert figures["unexpected"] == 0, figures
    assert figures["statuses"] == {"afgeleverd": 200}, figures
    assert figures["bad_receipts_sender"] == 0
    assert figures["bad_receipts_receiver"] == 0
    assert figures["receipts_differ"] == 0
    assert figures["bad_files"] == 0
    assert figures["kills"]["receiver"] + figures["kills"]["worker"] > 0
