"""The format (MIME type) of content, judged from its first bytes, never from the client.

Binary formats are recognised by their signatures (the `filetype` package,
pure Python, no libmagic needed). Text is recognised here: valid UTF-8 without
control characters is text/plain, or text/csv when named .csv; markup that a
browser would run (HTML, SVG, XML) is named as such so that it is never shown
inline.
"""

import re

import filetype

OCTET_STREAM = "application/octet-stream"
# Only these may be shown inline in a browser; everything else is an attachment.
PREVIEWABLE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})

_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}
_MARKUP = [
    (re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<svg[\s>]", re.I | re.S), "image/svg+xml"),
    (
        re.compile(rb"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>])", re.I),
        "text/html",
    ),
    (re.compile(rb"^\s*<\?xml", re.I), "application/xml"),
]


def sniff(head: bytes, file_name: str) -> str:
    """The MIME type of content that starts with head (a few KiB are enough)."""
    if not head:
        return OCTET_STREAM
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)

    for pattern, mime in _MARKUP:
        if pattern.search(head):
            return mime
    if _is_text(head):
        return "text/csv" if file_name.lower().endswith(".csv") else "text/plain"
    return OCTET_STREAM


def _is_text(head: bytes) -> bool:
    try:
        # The head may end inside a multi-byte character; ignore only that tail.
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            return False
        text = head[: exc.start].decode("utf-8")
    return not any(ch < " " and ch not in _ALLOWED_CONTROL for ch in text) and "\x7f" not in text


def same_type(claimed: str, sniffed: str) -> bool:
    """Whether a client's claimed type agrees with the sniffed one (parameters ignored)."""
    base = claimed.split(";", 1)[0].strip().lower()
    if not base or base == OCTET_STREAM:
        return True
    if sniffed == "text/plain" and base.startswith("text/") and base not in {"text/html"}:
        return True
    return base == sniffed
