"""RFC 8785 canonical JSON, with a fast path for the shapes Samen itself writes.

Hashes and signatures (audit chain, envelopes, receipts) are taken over
canonical bytes, and the pure-Python rfc8785 encoder costs about a fifth of
the exchange's CPU time. For values made only of dicts with ASCII keys,
lists, strings, bools, None and integers within the IEEE double range, the
standard library's C encoder with sorted keys and no spaces writes the same
bytes:

- member names that are ASCII sort the same by code point as by UTF-16 code
  unit, the order RFC 8785 asks for (they differ only above U+D7FF);
- both escape `"`, `\\`, \\b \\f \\n \\r \\t in their short form, every other
  character below U+0020 as a lowercase \\u00xx, and write the rest as UTF-8;
- integers print as their digits in both, while RFC 8785 refuses those
  outside +-(2**53 - 1), so they are left to rfc8785.

Anything else (floats, non-ASCII member names, tuples, lone surrogates) goes
to rfc8785, which formats or refuses it as the RFC says.
"""

import json
from typing import Any

import rfc8785

_SAFE_INTEGER = 2**53 - 1

_encode = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
).encode


def dumps(value: Any) -> bytes:
    """The RFC 8785 canonical form of `value`, as UTF-8 bytes."""
    if _plain(value):
        try:
            return _encode(value).encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: rfc8785 decides what that becomes
    return rfc8785.dumps(value)


def _plain(value: Any) -> bool:
    """Whether the C encoder writes `value` exactly as RFC 8785 does (see above)."""
    kind = type(value)
    if kind is dict:
        try:
            if not all(map(str.isascii, value)):
                return False
        except TypeError:  # a member name that is not a string
            return False
        items: Any = value.values()
    elif kind is list:
        items = value
    else:
        return _plain_scalar(value)
    # One loop over the members with the common cases inline: this check
    # runs on every hash, so a call per value would cost more than encoding.
    for item in items:
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict or kind is list:
            if not _plain(item):
                return False
        elif not _plain_scalar(item):
            return False
    return True


def _plain_scalar(value: Any) -> bool:
    if type(value) is int:
        return -_SAFE_INTEGER <= value <= _SAFE_INTEGER
    # Both write a str subclass (a TextChoices member) as its text.
    return value is None or isinstance(value, str) or type(value) is bool
