"""Every change to folders, documents, versions, locks, the trash and uploads.

Each action takes a keyword-only actor, checks what the caller's Access
allows, changes the data and records an audit entry in the same transaction.
The functions live in modules by subject and are gathered here.
"""

from samen.documents.actions.documents import add_version, create_document, update_document
from samen.documents.actions.folders import create_folder, delete_folder, update_folder
from samen.documents.actions.lifecycle import (
    lock_document,
    purge_document,
    restore_document,
    trash_document,
    unlock_document,
)
from samen.documents.actions.resumable import (
    abandon_upload,
    complete_upload,
    receive_part,
    start_upload,
)

__all__ = [
    "abandon_upload",
    "add_version",
    "complete_upload",
    "create_document",
    "create_folder",
    "delete_folder",
    "lock_document",
    "purge_document",
    "receive_part",
    "restore_document",
    "start_upload",
    "trash_document",
    "unlock_document",
    "update_document",
    "update_folder",
]
