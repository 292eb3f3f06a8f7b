"""Listing a folder of 10,000 documents through the API: latency and query count.

    .venv/bin/python benchmarks/listing.py                  # SQLite
    .venv/bin/python benchmarks/listing.py --postgres       # PostgreSQL at 127.0.0.1:5432

Fills one folder with N documents (rows written in bulk: the benchmark is
about reading them), then times GET /api/v1/documenten?ruimte=..&map=..&page=..
in-process with a token, over random pages. Prints p50 and p95, and the
queries per page for the big folder and for a folder of 10 (they must be equal:
a page costs the same whatever the folder holds). Target: p95 < 20 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
import uuid

from _setup import installation, provision

PG_URL = "postgres://postgres@127.0.0.1:5432/"
PG_DATABASE = "samen_bench_listing"


def fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_URL + "postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return PG_URL + PG_DATABASE


def fill(workspace_id: str, user_id: str, name: str, count: int) -> str:
    from django.db import transaction
    from django.utils import timezone

    from samen.documents.models import Document, Folder, Version

    folder = Folder.objects.create(workspace_id=workspace_id, name=name, created_by_id=user_id)
    now = timezone.now()
    for start in range(0, count, 2000):
        with transaction.atomic():
            batch = [
                Document(
                    workspace_id=workspace_id,
                    folder=folder,
                    title=f"Rapport {n:05d}",
                    confidentiality="intern",
                    author="Bench",
                    source_organisation="00000001002220647000",
                    created_by_id=user_id,
                    version_count=1,
                )
                for n in range(start, min(count, start + 2000))
            ]
            Document.objects.bulk_create(batch)
            versions = [
                Version(
                    document=document,
                    number=1,
                    file_name=f"{document.title}.pdf",
                    size=123456,
                    mime_type="application/pdf",
                    sha256=uuid.uuid4().hex * 2,
                    hashed_at=now,
                    storage_key=f"content/bench/{uuid.uuid4().hex}",
                    created_by_id=user_id,
                )
                for document in batch
            ]
            Version.objects.bulk_create(versions)
            for document, version in zip(batch, versions, strict=True):
                document.latest_version = version
            Document.objects.bulk_update(batch, ["latest_version"])
    return str(folder.pk)


CPU_TIMES: list[float] = []


def measure(client: object, url: str, pages: int, rounds: int) -> list[float]:
    """Milliseconds per request, for random pages (pages=1: the first page every time).

    The CPU time of this process is kept too (CPU_TIMES): on a busy machine
    it changes far less than the wall time, and with SQLite it includes the
    database's own work.
    """
    times = []
    CPU_TIMES.clear()
    for _ in range(rounds):
        page = random.randint(1, pages)
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(f"{url}&page={page}")  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
        CPU_TIMES.append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"list answered {response.status_code}: {response.content[:300]!r}")
    return times


def queries_per_page(client: object, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(f"{url}&page=1")  # type: ignore[attr-defined]
    return len(captured.captured_queries)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_load() -> None:
    one, five, fifteen = os.getloadavg()
    print(f"load average:           {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores")
    print("                        (figures compare only between runs on a quiet machine)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--page-size", type=int, default=20)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    env = installation(database_url=fresh_postgres() if args.postgres else "")
    who = provision(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    big = fill(who["workspace"], who["user"], "Groot", args.documents)
    small = fill(who["workspace"], who["user"], "Klein", 10)
    # Planner statistics and (PostgreSQL) the visibility map, as autovacuum
    # or an operator's ANALYZE would have them for a folder that grew over
    # months, not in one second. Without the visibility map PostgreSQL
    # cannot answer the count and the page's ids from the index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {who['token']}")
    base = f"/api/v1/documenten?ruimte={who['workspace']}&pageSize={args.page_size}&map="
    pages = -(-args.documents // args.page_size)

    measure(client, base + big, pages, 30)  # warm caches and connections
    times = measure(client, base + big, pages, args.rounds)
    random_cpu = list(CPU_TIMES)
    first = measure(client, base + big, 1, args.rounds)
    first_cpu = list(CPU_TIMES)
    print_load()
    print(f"database:              {connection.vendor}")
    print(f"documents in folder:   {args.documents} ({pages} pages of {args.page_size})")
    print(f"random page p50:       {statistics.median(times):6.1f} ms")
    print(f"random page p95:       {percentile(times, 0.95):6.1f} ms  (target < 20)")
    print(f"first page p50:        {statistics.median(first):6.1f} ms")
    print(f"first page p95:        {percentile(first, 0.95):6.1f} ms  (target < 20)")
    print(
        f"CPU of this process:   random p50 {statistics.median(random_cpu):.1f} ms, "
        f"first p50 {statistics.median(first_cpu):.1f} ms"
    )
    print(
        f"queries per page:      {queries_per_page(client, base + big)} "
        f"(folder of 10: {queries_per_page(client, base + small)})"
    )

    if args.postgres:
        connection.close()
        import psycopg

        with psycopg.connect(PG_URL + "postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")


if __name__ == "__main__":
    sys.exit(main())
