"""The canonical JSON fast path writes exactly what rfc8785 writes, or refuses alike."""

import random
from typing import Any

import pytest
import rfc8785

from samen import canonical

# Characters where encoders tend to differ: controls, the short escapes, DEL,
# the line separators JavaScript once cared about, the BMP's top end, a
# character outside the BMP, and ordinary text.
TRICKY = [chr(c) for c in range(0x20)] + [
    '"',
    "\\",
    "/",
    "\x7f",
    "\u2028",
    "\u2029",
    "\ue000",
    "\uffff",
    "\U0001f600",
    "é",
    "ß",
    "a",
    "Z",
    "0",
    " ",
]


def _text(rng: random.Random, *, key: bool = False) -> str:
    pool = TRICKY if not key or rng.random() < 0.2 else "abcdefghijXYZ_-0123"
    return "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))


def _scalar(rng: random.Random) -> object:
    choice = rng.randrange(7)
    if choice == 0:
        return _text(rng)
    if choice == 1:
        return rng.choice([True, False, None])
    if choice == 2:
        return rng.randint(-(2**53) + 1, 2**53 - 1)
    if choice == 3:
        return rng.choice([0, -1, 2**53 - 1, -(2**53) + 1, 10**21])
    if choice == 4:
        return rng.choice([0.5, 1e21, -0.0, 3.0, 1 / 3])
    if choice == 5:
        return "\ud800"  # a lone surrogate
    return rng.randint(0, 1000)


def _value(rng: random.Random, depth: int = 0) -> object:
    if depth > 3 or rng.random() < 0.4:
        return _scalar(rng)
    if rng.random() < 0.5:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {_text(rng, key=True): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def _outcome(dump: object, value: object) -> object:
    try:
        return dump(value)  # type: ignore[operator]
    except (rfc8785.CanonicalizationError, rfc8785.IntegerDomainError) as error:
        return type(error)


@pytest.mark.parametrize("seed", range(20))
def test_fast_path_matches_rfc8785(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(500):
        value = _value(rng)
        assert _outcome(canonical.dumps, value) == _outcome(rfc8785.dumps, value), repr(value)


def test_envelope_shaped_value_matches_rfc8785() -> None:
    envelope: dict[str, Any] = {
        "id": "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        "afzender": {"oin": "00000001003214345000", "naam": "Gemeente \u00c9\u00e9n"},
        "onderwerp": 'Regel 1\nRegel 2\t"citaat" \\ \U0001f600',
        "antwoordOp": None,
        "bijlagen": [{"nummer": 1, "grootte": 10**12, "sha256": "ab" * 32}],
    }

    assert canonical.dumps(envelope) == rfc8785.dumps(envelope)


def test_members_sort_by_utf16_code_units() -> None:
    # U+E000 sorts after U+1F600 in UTF-16 (a surrogate pair starts with
    # U+D83D) but before it by code point: the fast path must not decide.
    value = {"\ue000": 1, "\U0001f600": 2}

    assert canonical.dumps(value) == rfc8785.dumps(value)
    assert canonical.dumps(value).index("\U0001f600".encode()) < canonical.dumps(value).index(
        "\ue000".encode()
    )
