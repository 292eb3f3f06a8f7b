"""Documents fixtures: content storage in a temporary folder, and upload helpers."""

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from samen.documents.models import Folder

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def content_storage(settings, tmp_path: Path) -> Path:
    """Every test stores content in its own folder, so files can be counted."""
    files = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "samen.documents.storage.DurableFileSystemStorage",
            "OPTIONS": {"location": str(files)},
        },
    }
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "tmp")
    return files


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())


def spooled_files(settings: Any) -> list[Path]:
    return sorted(Path(settings.FILE_UPLOAD_TEMP_DIR).glob("*"))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def upload_file(name: str, data: bytes, content_type: str = "application/octet-stream") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_document(
    client: Any,
    workspace: Any,
    *,
    data: bytes = PDF,
    name: str = "rapport.pdf",
    content_type: str = "application/pdf",
    **fields: Any,
) -> Any:
    headers = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_")}
    body = {"ruimte": str(workspace.pk), "titel": "Rapport", **fields}
    body["inhoud"] = upload_file(name, data, content_type)
    return client.post("/api/v1/documenten", body, format="multipart", **headers)


def folder_named(workspace: Any, name: str) -> Folder:
    return Folder.objects.get(workspace=workspace, name=name)


def received(data: bytes, name: str = "rapport.pdf", claimed: str = "") -> Any:
    """Content as the upload handler hands it over: spooled and hashed."""
    from samen.documents.uploads import HashedUploadedFile

    spooled = HashedUploadedFile(name, claimed, None)
    spooled.append(data)
    spooled.finish()
    return spooled


def raise_level(world: Any, user: Any, level: str) -> None:
    """Give a persona's own membership another maximum (test set-up, not a feature)."""
    from samen.workspaces.models import Membership

    Membership.objects.filter(workspace=world.workspace, user=user).update(
        max_confidentiality=level
    )


def make_document(
    world: Any,
    *,
    level: str = "intern",
    title: str = "Notitie",
    data: bytes = PDF,
    folder: Any = None,
    actor: Any = None,
) -> Any:
    from samen.documents.actions import create_document
    from samen.workspaces.access import workspace_for

    actor = actor or world.owner
    access = workspace_for(actor, world.workspace.pk)
    document, _warnings = create_document(
        actor=actor,
        access=access,
        received=received(data),
        title=title,
        folder=folder,
        confidentiality=level,
    )
    return document


@pytest.fixture
def top_secret_owner(world: Any) -> Any:
    raise_level(world, world.owner, "zeer_geheim")
    return world.owner


def raw_multipart(
    fields: dict[str, str], *, name: str, data: bytes, content_type: str
) -> tuple[bytes, str]:
    """A multipart body with the file name exactly as given (test clients strip paths)."""
    boundary = "----samen-test-boundary"
    lines = []
    for key, value in fields.items():
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
        lines.append(f"{header}{value}\r\n".encode())
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    lines.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="inhoud"; filename="{quoted}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    lines.append(f"--{boundary}--\r\n".encode())
    return b"".join(lines), f"multipart/form-data; boundary={boundary}"
