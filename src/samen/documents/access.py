"""Fetching folders, documents and uploads the way the caller may see them.

A document above the caller's maximum confidentiality does not exist for
them: every fetcher and list here answers NotFound or leaves it out, so no
page, count, search or download can show it.
"""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from samen.documents.models import Document, Folder, Upload, Version
from samen.errors import Invalid, NotFound
from samen.workspaces.access import Access, access_from_memberships, memberships_of

CONFIDENTIALITY_KEY = "vertrouwelijkheidaanduiding"


def documents_visible_to(access: Access, *, trashed: bool = False) -> QuerySet[Document]:
    """The workspace's documents at or below the caller's level; in the trash or not."""
    return (
        Document.objects.filter(
            workspace=access.workspace,
            confidentiality__in=access.visible_levels(),
            deleted_at__isnull=not trashed,
        )
        .select_related("latest_version", "locked_by")
        .order_by("title", "id")
    )


def in_page_order(documents: QuerySet[Document], ids: QuerySet[Any]) -> list[Document]:
    """The rows of one page, chosen by a narrow query of ids, in one statement.

    Paging over ids alone lets the database walk an index to the page
    (document_live_in_folder) without joining every row before it; the
    joins are done for the page's rows only. `ids` is that query, sliced and
    not yet run: it becomes a subquery, so the page costs one round trip.
    """
    return list(documents.filter(pk__in=ids))


def audit_visibility(access: Access) -> Q:
    """A filter on AuditEntry rows that hides entries about documents above the caller.

    Document entries carry changes["vertrouwelijkheidaanduiding"] as
    {"old", "new"} (old is null on creation). An entry is shown when both
    levels are within the caller's reach; entries without the key (about
    workspaces, members, folders) are not filtered here.
    """
    levels = access.visible_levels()
    old_ok = Q(**{f"changes__{CONFIDENTIALITY_KEY}__old__in": levels}) | Q(
        **{f"changes__{CONFIDENTIALITY_KEY}__old": None}
    )
    new_ok = Q(**{f"changes__{CONFIDENTIALITY_KEY}__new__in": levels})
    return ~Q(changes__has_key=CONFIDENTIALITY_KEY) | (old_ok & new_ok)


def _workspace_access(user: Any, workspace: Any) -> Access:
    memberships = list(memberships_of(user).filter(workspace=workspace))
    access = access_from_memberships(workspace, user, memberships)
    if access is None:
        raise NotFound()
    return access


def _parse_id(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, ValidationError):
        raise NotFound() from None


def document_for(user: Any, document_id: Any, *, trashed: bool = False) -> tuple[Access, Document]:
    """A document with the caller's access; NotFound for outsiders and above-level documents.

    trashed=True fetches a document from the trash instead (for restore and purge).
    """
    if not user.is_authenticated:
        raise NotFound()
    document = (
        Document.objects.select_related(
            "workspace", "workspace__owner", "workspace__template", "latest_version", "locked_by"
        )
        .filter(pk=_parse_id(document_id), deleted_at__isnull=not trashed)
        .first()
    )
    if document is None:
        raise NotFound()

    access = _workspace_access(user, document.workspace)
    if document.confidentiality not in access.visible_levels():
        raise NotFound()
    return access, document


def version_of(document: Document, number: Any = None) -> Version:
    """The latest version, or the one numbered `number`; NotFound otherwise."""
    if number in (None, ""):
        if document.latest_version is None:
            raise NotFound()
        return document.latest_version
    try:
        wanted = int(str(number))
    except ValueError:
        raise NotFound() from None
    version = document.versions.filter(number=wanted).first()
    if version is None:
        raise NotFound()
    return version


def folder_for(user: Any, folder_id: Any) -> tuple[Access, Folder]:
    if not user.is_authenticated:
        raise NotFound()
    folder = (
        Folder.objects.select_related("workspace", "workspace__owner", "workspace__template")
        .filter(pk=_parse_id(folder_id))
        .first()
    )
    if folder is None:
        raise NotFound()
    return _workspace_access(user, folder.workspace), folder


def folder_in(access: Access, folder_id: Any) -> Folder | None:
    """A folder of this workspace by id, None for no id; Invalid for any other id."""
    if folder_id in (None, ""):
        return None
    try:
        folder = Folder.objects.filter(
            pk=uuid.UUID(str(folder_id)), workspace=access.workspace
        ).first()
    except ValueError:
        folder = None
    if folder is None:
        raise Invalid(
            _("There is no such folder in this workspace."), code="folder_unknown", field="map"
        )
    return folder


def upload_for(user: Any, upload_id: Any) -> tuple[Access, Upload]:
    """An unfinished or finished upload; only the person who started it sees it."""
    if not user.is_authenticated:
        raise NotFound()
    upload = (
        Upload.objects.select_related("workspace", "workspace__owner", "workspace__template")
        .filter(pk=_parse_id(upload_id), created_by=user)
        .first()
    )
    if upload is None:
        raise NotFound()
    return _workspace_access(user, upload.workspace), upload
