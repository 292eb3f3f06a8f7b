"""How fast `samen audit verify` walks the chain, and whether its memory stays flat.

    .venv/bin/python benchmarks/audit_verify.py [entries]   # default 200000

Builds a chain of that many entries in a throw-away SQLite data folder (or in
DATABASE_URL's database when set: use an empty one), then times verify_chain()
and reports how much the process's peak memory (RSS) grew during the walk.
"""

import gc
import os
import resource
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    os.environ.setdefault("SAMEN_DATA_DIR", tempfile.mkdtemp(prefix="samen-bench-"))
    os.environ.setdefault("SAMEN_DEMO", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build_chain(count)
    # Building the chain held whole batches; start the walk from a settled heap.
    gc.collect()

    from samen.audit.chain import verify_chain

    rss_before = peak_rss_mib()
    started = time.perf_counter()
    found = verify_chain()
    seconds = time.perf_counter() - started
    growth = peak_rss_mib() - rss_before

    assert found is None, found
    print(f"entries:          {count}")
    print(f"verify seconds:   {seconds:.1f}")
    print(f"entries/second:   {count / seconds:,.0f}")
    print(f"peak RSS growth:  {growth:.1f} MiB")


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_chain(count: int) -> None:
    """Append entries the way record() does, in batches, without its per-entry lock."""
    from samen.audit.chain import GENESIS_HASH, compute_hash
    from samen.audit.models import AuditEntry, AuditHead

    previous, start = GENESIS_HASH, datetime(2026, 1, 1, tzinfo=UTC)
    batch: list[AuditEntry] = []
    for position in range(1, count + 1):
        entry = AuditEntry(
            position=position,
            id=uuid.uuid4(),
            occurred_at=start + timedelta(seconds=position),
            actor_id=str(uuid.uuid4()),
            actor_name="Anne de Vries",
            actor_organisation_oin="00000001002220647000",
            action="document.updated",
            object_type="document",
            object_id=str(uuid.uuid4()),
            workspace_id=uuid.uuid4(),
            changes={"title": {"old": f"Rapport {position}", "new": f"Rapport {position} v2"}},
            previous_hash=previous,
        )
        entry.hash = previous = compute_hash(entry)
        batch.append(entry)
        if len(batch) == 5000:
            AuditEntry.objects.bulk_create(batch)
            batch = []
    AuditEntry.objects.bulk_create(batch)
    AuditHead.objects.update_or_create(singleton=1, defaults={"position": count, "hash": previous})


if __name__ == "__main__":
    main()
