"""The folder tree of a workspace for the pages, built from one query's rows."""

from dataclasses import dataclass, field

from samen.documents.models import Folder


@dataclass
class Node:
    folder: Folder
    children: list["Node"] = field(default_factory=list)
    current: bool = False
    # On the path to the current folder: shown unfolded.
    open: bool = False


def ancestors(folders: list[Folder], folder: Folder | None) -> list[Folder]:
    """The folder and its parents, top first. A parent loop ends the walk."""
    by_id = {f.pk: f for f in folders}
    chain: list[Folder] = []
    seen = set()
    while folder is not None and folder.pk not in seen:
        seen.add(folder.pk)
        chain.insert(0, folder)
        folder = by_id.get(folder.parent_id) if folder.parent_id else None
    return chain


def breadcrumbs(folders: list[Folder], current: Folder | None) -> list[Folder]:
    return ancestors(folders, current)


def folder_tree(folders: list[Folder], current: Folder | None) -> list[Node]:
    on_path = {f.pk for f in ancestors(folders, current)}
    nodes = {
        f.pk: Node(
            folder=f, current=current is not None and f.pk == current.pk, open=f.pk in on_path
        )
        for f in folders
    }
    roots: list[Node] = []
    for folder in sorted(folders, key=lambda f: f.name.lower()):
        node = nodes[folder.pk]
        parent = nodes.get(folder.parent_id) if folder.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots
