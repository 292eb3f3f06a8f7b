"""Creating, renaming, moving and removing folders."""

from typing import Any

from samen.documents.models import Folder
from samen.workspaces.models import Workspace


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
                workspace=workspace,
                parent=made.get(key[:-1]),
                name=key[-1],
                created_by=actor,
            )
