"""UUIDv7 (RFC 9562): a millisecond timestamp followed by random bits.

Python 3.11 has no uuid7. Ids made within the same millisecond by this process
are kept in order by counting up in the random part, so that an outbox sorted
by id is sorted by creation.
"""

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def uuid7() -> uuid.UUID:
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _last_rand = int.from_bytes(os.urandom(10), "big") >> 6
        else:
            # Same millisecond (or a clock step back): keep the order.
            _last_rand += 1
            ms = _last_ms
        rand = _last_rand & ((1 << 74) - 1)

    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (rand >> 62) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)
