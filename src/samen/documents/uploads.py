"""Receiving uploads as a stream: spooled to disk and hashed on the way in.

HashingUploadHandler replaces Django's memory and temp-file handlers for
document uploads: every chunk goes straight to a temporary file under the
data folder while its SHA-256 and size are counted, so memory stays flat
whatever the size, and the hash is known the moment the request is parsed.

UploadParser is the DRF multipart parser for document endpoints. It keeps the
file name as the client sent it (Django's parser would quietly strip path
separators and control characters) so that a bad name is refused with a
clear error instead of being stored under a different name.
"""

import hashlib
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, MultiPartParser

from samen.documents.errors import TooLarge
from samen.documents.storage import temp_dir

HEAD_BYTES = 8192
# Room for the multipart boundaries and the small fields around the file.
MULTIPART_OVERHEAD = 1024 * 1024


class HashedUploadedFile(TemporaryUploadedFile):
    """A spooled upload that knows its SHA-256, its first bytes and the claimed type."""

    size: int

    def __init__(self, name: str, content_type: str, charset: str | None) -> None:
        # The temp file lands in FILE_UPLOAD_TEMP_DIR, on the data disk, so
        # that moving it into local storage is a rename, not a copy.
        temp_dir()
        super().__init__(name, content_type, 0, charset)
        self.spool: IO[bytes] = self.file  # type: ignore[assignment]
        self.raw_name = name
        self.claimed_type = content_type
        self.sha = hashlib.sha256()
        self.head = b""
        self.size = 0

    @property
    def name(self) -> str | None:  # type: ignore[override]
        # File.name would pass the raw name through os.path.basename.
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = value

    def append(self, chunk: bytes) -> None:
        self.spool.write(chunk)
        self.sha.update(chunk)
        if len(self.head) < HEAD_BYTES:
            self.head += chunk[: HEAD_BYTES - len(self.head)]
        self.size += len(chunk)

    @property
    def sha256(self) -> str:
        return self.sha.hexdigest()

    def finish(self) -> None:
        self.spool.flush()
        self.spool.seek(0)


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_BYTES)


class HashingUploadHandler(FileUploadHandler):
    """Spools each file to disk while hashing; refuses anything past the limit."""

    # Larger than Django's 64 KiB: fewer Python-level loops per gigabyte,
    # while memory use stays at one chunk.
    chunk_size = 1024 * 1024

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 - Django's parameter name
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # Refuse early when the client announces too much, before reading it.
        if content_length and content_length > max_upload_bytes() + MULTIPART_OVERHEAD:
            raise TooLarge(field="inhoud")

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.upload = HashedUploadedFile(
            str(self.file_name or ""), str(self.content_type or ""), self.charset
        )
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.upload.append(raw_data)
        if self.upload.size > max_upload_bytes():
            self.upload.close()
            raise TooLarge(field="inhoud")

    def file_complete(self, file_size: int) -> HashedUploadedFile:
        self.upload.finish()
        return self.upload

    def upload_interrupted(self) -> None:
        upload = getattr(self, "upload", None)
        if upload is not None:
            upload.close()


class _RawNameParser(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name: str) -> str | None:
        # Kept as sent; samen.documents.actions.cleaning refuses bad names.
        return file_name or None


class UploadParser(MultiPartParser):
    """multipart/form-data with streaming, hashing file handling."""

    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None
    ) -> DataAndFiles:
        parser_context = parser_context or {}
        request = parser_context["request"]
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        handlers = [HashingUploadHandler(request)]
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            parser = _RawNameParser(meta, stream, handlers, encoding)  # type: ignore[arg-type]
            data, files = parser.parse()
        except MultiPartParserError as exc:
            raise ParseError(f"Multipart form parse error - {exc}") from exc
        return DataAndFiles(data, files)
