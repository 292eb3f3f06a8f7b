"""A fault-injection run between two installations, shared by the CI test and
scripts/exchange-soak. Returns figures; the callers decide what must hold."""

import json
import random
import threading
import time
from pathlib import Path
from typing import Any

from tests.exchange.installations import FaultProxy, Installation, free_port

SENDER_OIN = "00000001003214345000"
RECEIVER_OIN = "00000001001589623000"

FAST_RETRIES = {
    "SAMEN_EXCHANGE_BACKOFF_MAX_SECONDS": "2",
    "SAMEN_EXCHANGE_LEASE_SECONDS": "8",
    "SAMEN_EXCHANGE_BATCH_SIZE": "50",
    "SAMEN_EXCHANGE_PART_BYTES": str(256 * 1024),
    "SAMEN_EXCHANGE_TIMEOUT_SECONDS": "20",
}

PRODUCE = """
import os, random
from samen.exchange import actions, blobs
from samen.organisations.models import Organisation, User
sender = Organisation.objects.get(oin={sender!r})
actor = User.objects.get(email=f"post@{sender!r}.example".replace("'", ""))
rng = random.Random({seed})
for number in range({count}):
    attachments = []
    if number % {every} == 0:
        data = rng.randbytes(rng.randint(10_000, 1_500_000))
        sha, size = blobs.store([data])
        attachments.append(actions.NewAttachment(f"bijlage-{{number}}.bin",
            "application/octet-stream", size, sha))
    actions.send_message(actor=actor, sender=sender, receiver_oin={receiver!r},
        subject=f"Bericht {{number}}", body="x" * rng.randint(0, 2000), attachments=attachments)
print({count})
"""

SENDER_REPORT = """
from collections import Counter
from samen.exchange.models import Box, Delivery, Message
from samen.exchange.verification import check_receipt
out = list(Message.objects.filter(box=Box.OUTBOX))
print(json.dumps({
    "ids": sorted(str(m.message_id) for m in out),
    "statuses": dict(Counter(m.status for m in out)),
    "receipts": {str(m.message_id): m.receipt_jws for m in out},
    "bad_receipts": [str(m.message_id) for m in out if not check_receipt(m)["geldig"]],
    "pending": Delivery.objects.filter(state="pending").count(),
    "failed": list(Delivery.objects.filter(state="failed").values_list("last_error", flat=True)),
}))
"""

PENDING = """
from samen.exchange.models import Delivery
print(Delivery.objects.filter(state="pending").count())
"""

RECEIVER_REPORT = """
import hashlib
from samen.exchange import blobs
from samen.exchange.models import Attachment, Box, Message
from samen.exchange.verification import check_receipt
inbox = list(Message.objects.filter(box=Box.INBOX))
bad_files = []
for a in Attachment.objects.filter(message__box=Box.INBOX):
    digest = hashlib.sha256()
    for chunk in blobs.iter_blob(a.sha256):
        digest.update(chunk)
    if digest.hexdigest() != a.sha256 or blobs.size(a.sha256) != a.size:
        bad_files.append(str(a.pk))
print(json.dumps({
    "ids": [str(m.message_id) for m in inbox],
    "receipts": {str(m.message_id): m.receipt_jws for m in inbox},
    "bad_receipts": [str(m.message_id) for m in inbox if not check_receipt(m)["geldig"]],
    "attachments": Attachment.objects.filter(message__box=Box.INBOX).count(),
    "bad_files": bad_files,
}))
"""


def set_up(
    root: Path, database_urls: tuple[str | None, str | None] = (None, None)
) -> tuple[Installation, Installation, FaultProxy]:
    public = free_port()
    sender = Installation("afzender", root, database_url=database_urls[0], extra_env=FAST_RETRIES)
    receiver = Installation(
        "ontvanger",
        root,
        public_port=public,
        database_url=database_urls[1],
        extra_env=FAST_RETRIES,
    )
    sender.set_up([(SENDER_OIN, "Gemeente Afzend")])
    receiver.set_up([(RECEIVER_OIN, "Gemeente Ontvang")])
    sender.trust(receiver.card())
    receiver.trust(sender.card())
    receiver.start_server()
    proxy = FaultProxy(public, receiver.port, drop=0.0, corrupt=0.0)
    return sender, receiver, proxy


def _chaos(
    sender: Installation, receiver: Installation, stop: threading.Event, kills: dict, pace: float
) -> None:
    rng = random.Random(7)
    while not stop.wait(rng.uniform(0.5, 2.5) * pace):
        if rng.random() < 0.5:
            receiver.kill_server()
            kills["receiver"] += 1
            time.sleep(rng.uniform(0, 1))
            receiver.start_server()
        else:
            sender.kill_worker()
            kills["worker"] += 1
            time.sleep(rng.uniform(0, 0.5))
            sender.start_worker()


def run(
    root: Path,
    *,
    count: int,
    attachment_every: int = 10,
    drop: float = 0.2,
    corrupt: float = 0.1,
    timeout: float = 600,
    pace: float = 1.0,
    database_urls: tuple[str | None, str | None] = (None, None),
) -> dict[str, Any]:
    sender, receiver, proxy = set_up(root, database_urls)
    proxy.drop, proxy.corrupt = drop, corrupt
    kills = {"receiver": 0, "worker": 0}
    stop = threading.Event()
    started = time.monotonic()
    try:
        sender.start_worker()
        chaos = threading.Thread(
            target=_chaos, args=(sender, receiver, stop, kills, pace), daemon=True
        )
        chaos.start()
        code = PRODUCE.format(
            sender=SENDER_OIN, receiver=RECEIVER_OIN, count=count, every=attachment_every, seed=1
        )
        sender.python(code, timeout=timeout)
        while time.monotonic() - started < timeout:
            if sender.python(PENDING) == 0:
                break
            time.sleep(2)
        stop.set()
        chaos.join(timeout=30)
        # A last calm round, so that what the chaos left behind can finish.
        if receiver.server is None:
            receiver.start_server()
        if sender.worker is None:
            sender.start_worker()
        proxy.drop = proxy.corrupt = 0.0
        while time.monotonic() - started < timeout + 120 and sender.python(PENDING) != 0:
            time.sleep(2)
        elapsed = time.monotonic() - started
        sent, received = sender.python(SENDER_REPORT), receiver.python(RECEIVER_REPORT)
    finally:
        stop.set()
        sender.stop()
        receiver.stop()
        proxy.close()
    return _figures(sent, received, kills, proxy, elapsed)


def _figures(sent: dict, received: dict, kills: dict, proxy: FaultProxy, elapsed: float) -> dict:
    sent_ids, received_ids = set(sent["ids"]), received["ids"]
    return {
        "messages": len(sent_ids),
        "lost": len(sent_ids - set(received_ids)),
        "duplicated": len(received_ids) - len(set(received_ids)),
        "unexpected": len(set(received_ids) - sent_ids),
        "statuses": sent["statuses"],
        "pending": sent["pending"],
        "failed": sent["failed"][:5],
        "bad_receipts_sender": len(sent["bad_receipts"]),
        "bad_receipts_receiver": len(received["bad_receipts"]),
        "receipts_differ": sum(
            1 for i, jws in sent["receipts"].items() if received["receipts"].get(i) != jws
        ),
        "attachments": received["attachments"],
        "bad_files": len(received["bad_files"]),
        "kills": kills,
        "answers_dropped": proxy.dropped,
        "parts_corrupted": proxy.corrupted,
        "seconds": round(elapsed, 1),
    }


if __name__ == "__main__":
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run(Path(folder), count=int(sys.argv[1])), indent=2))
