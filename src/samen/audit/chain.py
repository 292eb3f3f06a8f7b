"""The hash chain: how an entry is hashed, appended and verified.

hash = SHA-256 of the RFC 8785 canonical JSON of the entry's fields, which
include the previous entry's hash. Changing, inserting or removing any entry
therefore breaks the link of the one after it, and removing the last entries
breaks the link with the head.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from samen import canonical
from samen.audit.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64


def _timestamp(value: datetime) -> str:
    # Microsecond precision in UTC with "Z" keeps the text identical on SQLite
    # and PostgreSQL, which both store microseconds.
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def canonical_payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "position": entry.position,
        "id": str(entry.id),
        "occurredAt": _timestamp(entry.occurred_at),
        "actorId": entry.actor_id,
        "actorName": entry.actor_name,
        "actorOrganisation": entry.actor_organisation_oin,
        "action": entry.action,
        "objectType": entry.object_type,
        "objectId": entry.object_id,
        "workspaceId": str(entry.workspace_id) if entry.workspace_id else None,
        "changes": entry.changes,
        "requestId": entry.request_id,
        "previousHash": entry.previous_hash,
    }


def compute_hash(entry: AuditEntry) -> str:
    # canonical.dumps writes what rfc8785 writes (tests/test_canonical.py), faster.
    return hashlib.sha256(canonical.dumps(canonical_payload(entry))).hexdigest()


@dataclass(frozen=True)
class Break:
    position: int
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.position}: {self.reason}"


@dataclass
class _Walk:
    position: int = 0
    hash: str = GENESIS_HASH


def _first_break(entries: Iterator[AuditEntry], walk: _Walk) -> Break | None:
    for entry in entries:
        if entry.position != walk.position + 1:
            return Break(walk.position + 1, f"missing; the next entry found is #{entry.position}")
        if entry.previous_hash != walk.hash:
            return Break(entry.position, "does not link to the entry before it (inserted)")
        if compute_hash(entry) != entry.hash:
            return Break(entry.position, "its content no longer matches its hash (altered)")
        walk.position, walk.hash = entry.position, entry.hash
    return None


def verify_chain() -> Break | None:
    """Return the first break in the chain, or None when it is intact."""
    walk = _Walk()
    entries = AuditEntry.objects.order_by("position").iterator(chunk_size=2000)
    found = _first_break(entries, walk)
    if found:
        return found

    head = AuditHead.objects.filter(singleton=1).first() or AuditHead(position=0, hash=GENESIS_HASH)
    if (head.position, head.hash) != (walk.position, walk.hash):
        return Break(
            walk.position + 1,
            f"the chain ends at #{walk.position} but its head says #{head.position} (removed)",
        )
    return None
