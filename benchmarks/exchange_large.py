"""One large attachment between two installations, with the memory it takes.

    .venv/bin/python benchmarks/exchange_large.py [--gib 1]

Sends one message with a GIB-sized attachment (random bytes, written to the
blob store in 1 MiB chunks) from one installation to another and prints the
time, MiB/s and the peak resident memory (VmHWM) of the sending worker and
of each receiving gunicorn process. Flat memory means those peaks do not
grow with the size: compare --gib 0.25 with --gib 5.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from exchange_throughput import (  # noqa: E402
    RECEIVER_OIN,
    SENDER_OIN,
    pair,
    wait_until_delivered,
)

PRODUCE = """
import os
from samen.exchange import actions, blobs
from samen.organisations.models import Organisation, User
sender = Organisation.objects.get(oin={sender!r})
actor = User.objects.get(organisation=sender)
chunks = (os.urandom(1 << 20) for _ in range({mib}))
sha, size = blobs.store(chunks)
actions.send_message(actor=actor, sender=sender, receiver_oin={receiver!r}, subject="Groot",
    attachments=[actions.NewAttachment("groot.bin", "application/octet-stream", size, sha)])
print(json.dumps(size))
"""

CHECK = """
from samen.exchange.models import Message
from samen.exchange.verification import check_receipt
m = Message.objects.get(box="outbox")
print(json.dumps({"status": m.status, "receipt_valid": check_receipt(m)["geldig"]}))
"""


def peak_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gib", type=float, default=1.0)
    args = parser.parse_args()
    mib = int(args.gib * 1024)

    with tempfile.TemporaryDirectory() as folder:
        sender, receiver = pair(Path(folder), None, "large")
        try:
            produce = PRODUCE.format(sender=SENDER_OIN, receiver=RECEIVER_OIN, mib=mib)
            sender.python(produce, timeout=3600)
            started = time.monotonic()
            sender.start_worker()
            assert sender.worker is not None
            assert receiver.server is not None
            peaks = {"worker": 0.0, "receiver": 0.0}
            while True:
                peaks["worker"] = max(peaks["worker"], peak_mib(sender.worker.pid))
                for pid in children(receiver.server.pid):
                    peaks["receiver"] = max(peaks["receiver"], peak_mib(pid))
                if (
                    time.monotonic() - started > 5
                    and sender.python(
                        "from samen.exchange.models import Delivery\n"
                        "print(Delivery.objects.filter(state='pending').count())"
                    )
                    == 0
                ):
                    break
                time.sleep(0.5)
            wait_until_delivered(sender, timeout=60)
            seconds = time.monotonic() - started
            check = sender.python(CHECK)
        finally:
            sender.stop()
            receiver.stop()

    print(
        json.dumps(
            {
                "attachment_mib": mib,
                "seconds": round(seconds, 1),
                "mib_per_s": round(mib / seconds, 1),
                "peak_rss_worker_mib": peaks["worker"],
                "peak_rss_receiver_process_mib": peaks["receiver"],
                **check,
            }
        )
    )


if __name__ == "__main__":
    main()
