"""Sentences for the activity feed about folders and documents.

Registered with samen.audit.feed when the app is ready. Which entries a
member may see is decided before this, by samen.documents.access.audit_visibility.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.audit import feed
from samen.audit.models import AuditEntry
from samen.documents.access import audit_visibility


def _title(entry: AuditEntry) -> str:
    return str(feed.new_values(entry).get("titel") or "")


def _say(template: Any) -> Any:
    """A describer from a lazy template, translated when the feed is shown."""

    def describe(entry: AuditEntry, actor: str, names: feed.Names) -> list[str]:
        return [template % {"actor": actor, "title": _title(entry)}]

    return describe


def _updated(entry: AuditEntry, actor: str, names: feed.Names) -> list[str]:
    old, new = feed.old_values(entry), feed.new_values(entry)
    changed = [key for key in new if key not in {"titel", "vertrouwelijkheidaanduiding"}]
    sentences = []
    if old.get("titel") != new.get("titel"):
        sentences.append(
            _("%(actor)s renamed the document %(old)s to %(title)s")
            % {"actor": actor, "old": old.get("titel"), "title": new.get("titel")}
        )
    level = entry.changes.get("vertrouwelijkheidaanduiding", {})
    if level.get("old") != level.get("new"):
        sentences.append(
            _("%(actor)s changed the confidentiality of %(title)s")
            % {"actor": actor, "title": _title(entry)}
        )
    if changed or not sentences:
        sentences.append(
            _("%(actor)s edited the details of %(title)s")
            % {"actor": actor, "title": _title(entry)}
        )
    return sentences


def _version_added(entry: AuditEntry, actor: str, names: feed.Names) -> list[str]:
    # "versie" holds the version's facts as recorded, not an old/new pair.
    number = (entry.changes.get("versie") or {}).get("versie", "")
    return [
        _("%(actor)s added version %(number)s of %(title)s")
        % {"actor": actor, "number": number, "title": _title(entry)}
    ]


def _folder(template: Any) -> Any:
    def describe(entry: AuditEntry, actor: str, names: feed.Names) -> list[str]:
        values = feed.new_values(entry) or {}
        name = values.get("naam") or feed.old_values(entry).get("naam") or ""
        return [template % {"actor": actor, "name": name}]

    return describe


def register() -> None:
    feed.register_visibility(audit_visibility)
    feed.register("document.created", _say(gettext_lazy("%(actor)s added the document %(title)s")))
    feed.register("document.updated", _updated)
    feed.register("document.version_added", _version_added)
    feed.register("document.locked", _say(gettext_lazy("%(actor)s checked out %(title)s")))
    feed.register("document.unlocked", _say(gettext_lazy("%(actor)s released %(title)s")))
    feed.register("document.trashed", _say(gettext_lazy("%(actor)s moved %(title)s to the trash")))
    feed.register(
        "document.restored", _say(gettext_lazy("%(actor)s restored %(title)s from the trash"))
    )
    feed.register("document.purged", _say(gettext_lazy("%(actor)s deleted %(title)s for good")))
    feed.register("folder.created", _folder(gettext_lazy("%(actor)s made the folder %(name)s")))
    feed.register(
        "folder.updated", _folder(gettext_lazy("%(actor)s renamed or moved the folder %(name)s"))
    )
    feed.register("folder.deleted", _folder(gettext_lazy("%(actor)s removed the folder %(name)s")))
    feed.register("upload.started", _say(gettext_lazy("%(actor)s started a large upload")))
