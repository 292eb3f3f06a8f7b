"""A workspace's activity feed: audit entries told as sentences.

The feed reads the audit log rather than the live objects, because entries
outlive what they describe: a removed member is still named, taken from the
entry that added them. Names of people and organisations are looked up in
bulk for a page of entries; one that no longer resolves is told as "someone"
or "an organisation". The feed is a page concern, so unlike the rest of the
audit app it may import the domains it describes.

Other domains add sentences for their own actions with register().
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.audit.models import AuditEntry
from samen.organisations.models import Organisation, User
from samen.workspaces.confidentiality import Confidentiality
from samen.workspaces.models import Phase, Role


@dataclass
class Names:
    """Display names for the ids and OINs that a page of entries mentions."""

    people: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def member(self, values: dict[str, Any]) -> str:
        if values.get("user"):
            return self.people.get(str(values["user"]), _("someone"))
        if values.get("organisation"):
            return self.organisations.get(str(values["organisation"]), _("an organisation"))
        return _("someone")


@dataclass(frozen=True)
class FeedItem:
    occurred_at: datetime
    actor: str
    sentences: list[str]
    action: str


Describer = Callable[[AuditEntry, str, Names], list[str]]
_DESCRIBERS: dict[str, Describer] = {}


def register(action: str, describer: Describer) -> None:
    """Tell the feed how to say an action; describer(entry, actor, names) -> sentences."""
    _DESCRIBERS[action] = describer


Visibility = Callable[[Any], Q]
_VISIBILITY: list[Visibility] = []


def register_visibility(rule: Visibility) -> None:
    """Add a rule(access) -> Q that hides entries the member may not see.

    The documents app hides entries about documents above the member's
    maximum confidentiality; every reader of the log goes through these rules.
    """
    _VISIBILITY.append(rule)


def entries_for(access: Any) -> QuerySet[AuditEntry]:
    """A workspace's entries that this member may see, newest first."""
    entries = AuditEntry.objects.filter(workspace_id=access.workspace.pk)
    for rule in _VISIBILITY:
        entries = entries.filter(rule(access))
    return entries.order_by("-position")


def describe(entries: Iterable[AuditEntry]) -> list[FeedItem]:
    entries = list(entries)
    names = _names_for(entries)
    return [_item(entry, names) for entry in entries]


def _item(entry: AuditEntry, names: Names) -> FeedItem:
    actor = entry.actor_name if entry.actor_id else _("The system")
    describer = _DESCRIBERS.get(entry.action, _unknown)
    return FeedItem(
        occurred_at=entry.occurred_at,
        actor=actor,
        sentences=describer(entry, actor, names),
        action=entry.action,
    )


def new_values(entry: AuditEntry) -> dict[str, Any]:
    return {key: change.get("new") for key, change in (entry.changes or {}).items()}


def old_values(entry: AuditEntry) -> dict[str, Any]:
    return {key: change.get("old") for key, change in (entry.changes or {}).items()}


def _names_for(entries: list[AuditEntry]) -> Names:
    membership_ids = {e.object_id for e in entries if e.object_type == "membership"}
    members = {
        created.object_id: new_values(created)
        for created in AuditEntry.objects.filter(
            action="membership.created", object_id__in=membership_ids
        )
    }
    user_ids = {str(values["user"]) for values in members.values() if values.get("user")}
    oins = {
        str(values["organisation"]) for values in members.values() if values.get("organisation")
    }
    people = {
        str(pk): name for pk, name in User.objects.filter(pk__in=user_ids).values_list("pk", "name")
    }
    organisations = dict(Organisation.objects.filter(oin__in=oins).values_list("oin", "name"))
    return Names(people=people, organisations=organisations, members=members)


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _unknown(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    return [_("%(actor)s made a change (%(action)s)") % {"actor": actor, "action": entry.action}]


def _workspace_created(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    name = new_values(entry).get("name") or ""
    return [_("%(actor)s opened the workspace %(name)s") % {"actor": actor, "name": name}]


def _workspace_updated(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    old, new = old_values(entry), new_values(entry)
    sentences = []
    if "name" in new:
        sentences.append(
            _("%(actor)s renamed the workspace to %(name)s") % {"actor": actor, "name": new["name"]}
        )
    if "description" in new:
        sentences.append(_("%(actor)s changed the description") % {"actor": actor})
    if "phase" in new:
        sentences.append(
            _("%(actor)s changed the phase from %(old)s to %(new)s")
            % {
                "actor": actor,
                "old": _label(Phase, old["phase"]),
                "new": _label(Phase, new["phase"]),
            }
        )
    if "status" in new:
        sentence = _STATUS_SENTENCES.get(new["status"], _STATUS_OTHER)
        sentences.append(str(sentence) % {"actor": actor})
    return sentences


_STATUS_SENTENCES = {
    "open": gettext_lazy("%(actor)s reopened the workspace"),
    "gesloten": gettext_lazy("%(actor)s closed the workspace"),
    "gearchiveerd": gettext_lazy("%(actor)s archived the workspace"),
}
_STATUS_OTHER = gettext_lazy("%(actor)s changed the status")


def _membership_created(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    values = new_values(entry)
    return [
        _("%(actor)s added %(member)s as %(role)s")
        % {"actor": actor, "member": names.member(values), "role": _label(Role, values.get("role"))}
    ]


def _membership_updated(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    member = names.member(names.members.get(entry.object_id, {}))
    old, new = old_values(entry), new_values(entry)
    sentences = []
    if "role" in new:
        sentences.append(
            _("%(actor)s changed the role of %(member)s from %(old)s to %(new)s")
            % {
                "actor": actor,
                "member": member,
                "old": _label(Role, old["role"]),
                "new": _label(Role, new["role"]),
            }
        )
    if "maxConfidentiality" in new:
        sentences.append(
            _("%(actor)s changed the maximum confidentiality of %(member)s from %(old)s to %(new)s")
            % {
                "actor": actor,
                "member": member,
                "old": _label(Confidentiality, old["maxConfidentiality"]),
                "new": _label(Confidentiality, new["maxConfidentiality"]),
            }
        )
    return sentences or [_("%(actor)s changed %(member)s") % {"actor": actor, "member": member}]


def _membership_deleted(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    member = names.member(old_values(entry) or names.members.get(entry.object_id, {}))
    return [
        _("%(actor)s removed %(member)s from the workspace") % {"actor": actor, "member": member}
    ]


def _invitation_created(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    values = new_values(entry)
    return [
        _("%(actor)s invited %(email)s as %(role)s")
        % {
            "actor": actor,
            "email": values.get("email", ""),
            "role": _label(Role, values.get("role")),
        }
    ]


def _invitation_revoked(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    return [_("%(actor)s withdrew an invitation") % {"actor": actor}]


def _invitation_accepted(entry: AuditEntry, actor: str, names: Names) -> list[str]:
    return [_("%(actor)s accepted an invitation and joined the workspace") % {"actor": actor}]


register("workspace.created", _workspace_created)
register("workspace.updated", _workspace_updated)
register("membership.created", _membership_created)
register("membership.updated", _membership_updated)
register("membership.deleted", _membership_deleted)
register("invitation.created", _invitation_created)
register("invitation.revoked", _invitation_revoked)
register("invitation.accepted", _invitation_accepted)
