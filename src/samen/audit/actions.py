"""Appending to the audit log. Every action in every app calls record()."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from django.db import transaction
from django.utils import timezone

from samen import bulk, context
from samen.audit.chain import GENESIS_HASH, compute_hash
from samen.audit.models import AuditEntry, AuditHead


def json_value(value: Any) -> Any:
    """Turn a model value into something canonical JSON can hold."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        # RFC 8785 fixes how floats print, but a float rarely belongs in an
        # audit record; keep them as text so the hash never depends on it.
        return repr(value)
    if isinstance(value, Enum):
        return json_value(value.value)
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_value(item) for item in value]
    return str(value)


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as {field: {"old": ..., "new": ...}}."""
    changed = {}
    for field in sorted(set(old) | set(new)):
        before, after = json_value(old.get(field)), json_value(new.get(field))
        if before != after:
            changed[field] = {"old": before, "new": after}
    return changed


def created(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return diff({}, values)


def record(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: Any,
    workspace_id: uuid.UUID | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append an entry to the chain, inside the caller's transaction.

    `actor` is a User, or None for the system itself (the worker, the demo).
    """
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            position=head.position + 1,
            occurred_at=timezone.now(),
            actor_id=str(actor.pk) if actor is not None else "",
            actor_name=getattr(actor, "name", "") if actor is not None else "systeem",
            actor_organisation_oin=_oin_of(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            workspace_id=workspace_id,
            changes=json_value(changes or {}),
            request_id=context.request_id.get(),
            previous_hash=head.hash,
        )
        entry.hash = compute_hash(entry)
        entry.save()

        head.position, head.hash = entry.position, entry.hash
        head.save(update_fields=["position", "hash"])
    return entry


@dataclass(frozen=True)
class Entry:
    """One entry for record_many(); the fields mean what record()'s arguments mean."""

    actor: Any
    action: str
    object_type: str
    object_id: Any
    workspace_id: uuid.UUID | None = None
    changes: dict[str, Any] | None = None


def record_many(entries: Sequence[Entry]) -> list[AuditEntry]:
    """Append several entries, chained in order, inside the caller's transaction.

    The head is locked and saved once for the lot, so a batch of N changes
    costs one round of the chain's serialisation instead of N; each change
    still gets an entry of its own. The entries are inserted with
    samen.bulk.insert, so their `pk_id` is not read back.
    """
    if not entries:
        return []
    with transaction.atomic():
        head = _locked_head()
        now, request_id = timezone.now(), context.request_id.get()
        rows, position, previous = [], head.position, head.hash
        for item in entries:
            position += 1
            row = _entry(item, position, previous, now, request_id)
            rows.append(row)
            previous = row.hash
        bulk.insert(AuditEntry, rows)

        head.position, head.hash = position, previous
        head.save(update_fields=["position", "hash"])
    return rows


def _entry(item: Entry, position: int, previous: str, now: Any, request_id: str) -> AuditEntry:
    actor = item.actor
    entry = AuditEntry(
        position=position,
        occurred_at=now,
        actor_id=str(actor.pk) if actor is not None else "",
        actor_name=getattr(actor, "name", "") if actor is not None else "systeem",
        actor_organisation_oin=_oin_of(actor),
        action=item.action,
        object_type=item.object_type,
        object_id=str(item.object_id),
        workspace_id=item.workspace_id,
        changes=json_value(item.changes or {}),
        request_id=request_id,
        previous_hash=previous,
    )
    entry.hash = compute_hash(entry)
    return entry


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(singleton=1).first()
    if head is None:
        # The migration creates this row; only a database emptied by a test
        # flush lacks it.
        head = AuditHead.objects.create(singleton=1, position=0, hash=GENESIS_HASH)
    return head


def _oin_of(actor: Any) -> str:
    organisation = getattr(actor, "organisation", None)
    return organisation.oin if organisation is not None else ""
