"""Creating, renaming, moving and removing folders."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from samen.audit.actions import created, diff, record
from samen.documents.actions.cleaning import clean_text
from samen.documents.models import Document, Folder
from samen.errors import Conflict, Invalid
from samen.workspaces.access import Access
from samen.workspaces.models import Workspace

FOLDER_NAME_MAX = 200


def clean_folder_name(value: Any) -> str:
    name = clean_text(value, field="naam", maximum=FOLDER_NAME_MAX, required=True)
    if "/" in name or "\\" in name or any(ord(ch) < 32 for ch in name):
        raise Invalid(
            _("A folder name cannot contain slashes or control characters."),
            code="folder_name_invalid",
            field="naam",
        )
    return name


def _snapshot(folder: Folder) -> dict[str, Any]:
    return {"naam": folder.name, "bovenliggendeMap": folder.parent_id}


def _audit(actor: Any, action: str, folder: Folder, changes: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=action,
        object_type="folder",
        object_id=folder.pk,
        workspace_id=folder.workspace_id,
        changes=changes,
    )


def _name_taken(workspace: Workspace, parent: Folder | None, name: str, exclude: Any) -> bool:
    siblings = Folder.objects.filter(workspace=workspace, parent=parent, name__iexact=name)
    return siblings.exclude(pk=exclude).exists()


def _save_unique(folder: Folder) -> None:
    if _name_taken(folder.workspace, folder.parent, folder.name, folder.pk):
        raise Conflict(
            _("There already is a folder named “%(name)s” here."),
            code="folder_name_taken",
            name=folder.name,
        )
    try:
        # The savepoint keeps the caller's transaction usable when a
        # concurrent request took the name between the check and the write.
        with transaction.atomic():
            folder.save()
    except IntegrityError:
        raise Conflict(
            _("There already is a folder named “%(name)s” here."),
            code="folder_name_taken",
            name=folder.name,
        ) from None


def create_folder(*, actor: Any, access: Access, name: Any, parent: Folder | None) -> Folder:
    access.require_contributor()
    access.require_open()
    folder = Folder(
        workspace=access.workspace, parent=parent, name=clean_folder_name(name), created_by=actor
    )

    with transaction.atomic():
        _save_unique(folder)
        _audit(actor, "folder.created", folder, created(_snapshot(folder)))
    return folder


def update_folder(*, actor: Any, access: Access, folder: Folder, **fields: Any) -> Folder:
    """Rename (name) and/or move (parent, None for the top) a folder."""
    access.require_contributor()
    access.require_open()
    before = _snapshot(folder)
    if "name" in fields:
        folder.name = clean_folder_name(fields["name"])
    if "parent" in fields:
        _check_no_cycle(folder, fields["parent"])
        folder.parent = fields["parent"]

    changes = diff(before, _snapshot(folder))
    if not changes:
        return folder
    # The name always, so that a move alone can still be told by name.
    changes.setdefault("naam", {"old": folder.name, "new": folder.name})
    with transaction.atomic():
        _save_unique(folder)
        _audit(actor, "folder.updated", folder, changes)
    return folder


def _check_no_cycle(folder: Folder, new_parent: Folder | None) -> None:
    ancestor = new_parent
    while ancestor is not None:
        if ancestor.pk == folder.pk:
            raise Conflict(
                _("A folder cannot be moved into itself or one of its subfolders."),
                code="folder_cycle",
            )
        ancestor = ancestor.parent


def delete_folder(*, actor: Any, access: Access, folder: Folder) -> None:
    """Remove an empty folder. Documents in the trash move to the top level."""
    access.require_contributor()
    access.require_open()
    live = Document.objects.filter(folder=folder, deleted_at__isnull=True)
    if folder.children.exists() or live.exists():
        raise Conflict(
            _("Only an empty folder can be removed."), code="folder_not_empty", name=folder.name
        )

    with transaction.atomic():
        folder_id = folder.pk
        _audit(actor, "folder.deleted", folder, diff(_snapshot(folder), {}))
        folder.delete()
        folder.pk = folder_id


def create_template_folders(*, actor: Any, workspace: Workspace, paths: list[str]) -> None:
    """The template's first folders, for a workspace being created."""
    made: dict[tuple[str, ...], Folder] = {}
    for path in paths:
        parts = tuple(part.strip() for part in str(path).split("/") if part.strip())
        for depth in range(1, len(parts) + 1):
            key = parts[:depth]
            if key in made:
                continue
            made[key] = Folder.objects.create(
                workspace=workspace, parent=made.get(key[:-1]), name=key[-1], created_by=actor
            )
