"""Exchange throughput between two installations on this machine, with RabbitMQ as baseline.

    .venv/bin/python benchmarks/exchange_throughput.py [--messages 10000] [--large 20]
        [--postgres postgres://postgres@127.0.0.1:5432] [--skip-rabbitmq] [--workers 2]
        [--only api-bulk] [--bundle 200] [--client-threads 2]

For each database (SQLite, and PostgreSQL when given) it starts a receiving
installation (gunicorn, --receiver-workers) and a sending one (gunicorn,
--server-workers, and --workers outbox workers), and measures:

- api-bulk: a client process sends small messages through
  POST /api/v1/berichten/bundels (--bundle a request, --client-threads
  connections) while the workers deliver; messages/s from the first API call
  to the last receipt verified and stored at the sender, and p50/p99 of
  API call → receipt stored, per message;
- api-single: the same with one message per POST /api/v1/berichten;
- delivery only: the outbox is filled first, then the worker starts;
- large: messages with a 10 MiB attachment each, in MiB/s.

The API scenarios also print the CPU time per message of each part (the
client, the sender's web server, its outbox workers, the receiver's web
server, and on PostgreSQL every server process on the machine) and the load
average: on a shared machine the CPU times are the figures to compare.

Every run ends by checking that every message arrived exactly once and every
receipt verifies. The baseline publishes persistent messages of the same
size to RabbitMQ (127.0.0.1:5672, guest/guest) with publisher confirms.
"""

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.exchange.installations import Installation  # noqa: E402

SENDER_OIN, RECEIVER_OIN = "00000001003214345000", "00000001001589623000"
BODY_BYTES = 1000

PRODUCE = """
import os, time
from samen.exchange import actions, blobs
from samen.exchange.actions.messages import prepare_message, store_prepared
from samen.organisations.models import Organisation, User
sender = Organisation.objects.get(oin={sender!r})
actor = User.objects.get(organisation=sender)
started, chunk = time.monotonic(), []
for number in range({count}):
    files = []
    if {large}:
        sha, size = blobs.store(iter([os.urandom(1 << 20) for _ in range(10)]))
        files = [actions.NewAttachment(f"groot-{{number}}.bin", "application/octet-stream",
            size, sha)]
    chunk.append(prepare_message(actor=actor, sender=sender, receiver_oin={receiver!r},
        subject=f"Bericht {{number}}", body="x" * {body}, attachments=files))
    if len(chunk) == 500 or number == {count} - 1:
        store_prepared(actor=actor, prepared=chunk)
        chunk = []
print(json.dumps(time.monotonic() - started))
"""

PENDING = """
from samen.exchange.models import Delivery
print(Delivery.objects.filter(state="pending").count())
"""

TIMINGS = """
from samen.exchange.models import Delivery, Message
from samen.exchange.verification import check_receipt
rows = list(Delivery.objects.filter(kind="bericht").values_list("created_at", "done_at", "state"))
first = min(r[0] for r in rows)
last = max(r[1] for r in rows if r[1])
latencies = sorted((r[1] - r[0]).total_seconds() for r in rows if r[1])
bad = sum(1 for m in Message.objects.filter(box="outbox") if not check_receipt(m)["geldig"])
print(json.dumps({"first": first.timestamp(), "last": last.timestamp(), "latencies": latencies,
    "done": sum(1 for r in rows if r[2] == "done"), "bad_receipts": bad}))
"""

RECEIVED = """
from samen.exchange.models import Message
ids = list(Message.objects.filter(box="inbox").values_list("message_id", flat=True))
print(json.dumps({"received": len(ids), "distinct": len(set(ids))}))
"""


NEW_API_KEY = """
from samen.organisations import actions
from samen.organisations.models import User
user = User.objects.get(email="post@{oin}.example")
print(json.dumps(actions.create_token(actor=None, user=user)))
"""

DONE_AT = """
from samen.exchange.models import Delivery, Message
from samen.exchange.verification import check_receipt
rows = Delivery.objects.filter(kind="bericht", state="done").values_list("message_id", "done_at")
bad = sum(1 for m in Message.objects.filter(box="outbox") if not check_receipt(m)["geldig"])
print(json.dumps({"done": {str(m): d.timestamp() for m, d in rows}, "bad_receipts": bad}))
"""


def api_client(port: int, token: str, count: int, bundle: int, threads: int) -> dict[str, float]:
    """Send `count` messages through the API, `bundle` a request; the time each id was sent."""
    import http.client
    import threading

    sent: dict[str, float] = {}
    failures: list[str] = []
    requests = [min(bundle, count - start) for start in range(0, count, bundle)]
    lock = threading.Lock()

    def next_size() -> int:
        with lock:
            return requests.pop() if requests else 0

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        while size := next_size():
            items = [
                {"ontvanger": RECEIVER_OIN, "onderwerp": "Bericht", "inhoud": "x" * BODY_BYTES}
                for _ in range(size)
            ]
            single = bundle == 1
            body = json.dumps(items[0] if single else {"berichten": items})
            started = time.time()
            conn.request(
                "POST", "/api/v1/berichten" + ("" if single else "/bundels"), body, headers
            )
            answer = conn.getresponse()
            data = json.loads(answer.read())
            if answer.status != 201:
                failures.append(f"{answer.status} {data}")
                return
            with lock:
                for message in [data] if single else data["berichten"]:
                    sent[message["id"]] = started
        conn.close()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise RuntimeError(f"the API refused: {failures[0]}")
    return sent


def api_scenario(
    root: Path,
    database: str | None,
    label: str,
    count: int,
    *,
    bundle: int,
    threads: int,
    workers: int,
    server_workers: int,
    receiver_workers: int = 2,
) -> dict[str, object]:
    """End to end: from a client's API call at the sender to the receipt stored there."""
    sender, receiver = pair(root, database, label, receiver_workers)
    try:
        sender.start_server(workers=server_workers)
        token = sender.python(NEW_API_KEY.format(oin=SENDER_OIN))
        sender.start_worker()
        sender.start_extra_workers(workers - 1)
        cpu_before = cpu_by_role(sender, receiver, database)
        started = time.time()
        sent = api_client(sender.port, token, count, bundle, threads)
        submitted = time.time()
        wait_until_delivered(sender, timeout=3600)
        cpu = cpu_by_role(sender, receiver, database)
        timings = sender.python(DONE_AT, timeout=600)
        received = receiver.python(RECEIVED)
    finally:
        sender.stop()
        receiver.stop()
        drop_databases(sender, receiver)

    done = timings["done"]
    latencies = sorted(done[i] - sent[i] for i in sent if i in done)
    seconds = max(done.values()) - started
    return {
        "scenario": label,
        "messages": count,
        "bundle": bundle,
        "client_threads": threads,
        "workers": workers,
        "submitted_per_s": round(count / (submitted - started), 1),
        "end_to_end_per_s": round(count / seconds, 1),
        "seconds": round(seconds, 2),
        "latency_p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "latency_p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "lost": count - received["distinct"],
        "duplicated": received["received"] - received["distinct"],
        "not_confirmed": count - len(latencies),
        "bad_receipts": timings["bad_receipts"],
        "cpu_ms_per_message": {
            role: round((cpu[role] - cpu_before[role]) * 1000 / count, 3) for role in cpu
        },
        "load_average": [round(n, 2) for n in os.getloadavg()],
    }


def cpu_by_role(
    sender: Installation, receiver: Installation, database: str | None
) -> dict[str, float]:
    """CPU seconds used so far by each part of the run, children included.

    Less sensitive to other load on the machine than wall time. For
    PostgreSQL it counts every server process on the machine, so other users
    of the same server add to it; on SQLite the database work is inside the
    processes that use it.
    """
    import resource

    import psutil

    def used(processes: list[Any]) -> float:
        total = 0.0
        for root in processes:
            if root is None or root.poll() is not None:
                continue
            family = [psutil.Process(root.pid), *psutil.Process(root.pid).children(recursive=True)]
            for process in family:
                try:
                    times = process.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                total += times.user + times.system
        return total

    own = resource.getrusage(resource.RUSAGE_SELF)
    roles = {
        "client": own.ru_utime + own.ru_stime,
        "sender_api": used([sender.server]),
        "sender_workers": used([sender.worker, *sender.extra_workers]),
        "receiver": used([receiver.server]),
    }
    if database:
        roles["postgres"] = sum(
            p.info["cpu_times"].user + p.info["cpu_times"].system
            for p in psutil.process_iter(["name", "cpu_times"])
            if p.info["name"] == "postgres" and p.info["cpu_times"]
        )
    return roles


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(share * len(values)))]


def pair(
    root: Path, database: str | None, label: str, receiver_workers: int = 2
) -> tuple[Installation, Installation]:
    urls = (None, None)
    if database:
        import psycopg

        names = [f"samen_bench_{label}_{side}_{uuid.uuid4().hex[:6]}" for side in "ab"]
        with psycopg.connect(f"{database}/postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')
        urls = (f"{database}/{names[0]}", f"{database}/{names[1]}")
    tuning = {"SAMEN_EXCHANGE_BATCH_SIZE": "500"}
    sender = Installation(f"{label}-a", root, database_url=urls[0], extra_env=tuning)
    receiver = Installation(f"{label}-b", root, database_url=urls[1], extra_env=tuning)
    sender.set_up([(SENDER_OIN, "Gemeente Afzend")])
    receiver.set_up([(RECEIVER_OIN, "Gemeente Ontvang")])
    sender.trust(receiver.card())
    receiver.trust(sender.card())
    receiver.start_server(workers=receiver_workers)
    return sender, receiver


def drop_databases(*installations: Installation) -> None:
    for installation in installations:
        url = installation.env.get("DATABASE_URL")
        if not url:
            continue
        import psycopg

        server, name = url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_until_delivered(sender: Installation, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while sender.python(PENDING) != 0:
        if time.monotonic() > deadline:
            raise RuntimeError("deliveries did not finish in time")
        time.sleep(0.5)


def scenario(
    root: Path,
    database: str | None,
    label: str,
    count: int,
    *,
    prefill: bool,
    large: bool,
    workers: int = 1,
    receiver_workers: int = 2,
) -> dict[str, object]:
    sender, receiver = pair(root, database, label, receiver_workers)
    produce = PRODUCE.format(
        sender=SENDER_OIN, receiver=RECEIVER_OIN, count=count, body=BODY_BYTES, large=large
    )
    try:
        if prefill:
            produce_seconds = sender.python(produce, timeout=3600)
            started = time.time()
            sender.start_worker()
            sender.start_extra_workers(workers - 1)
        else:
            sender.start_worker()
            started = time.time()
            produce_seconds = sender.python(produce, timeout=3600)
        wait_until_delivered(sender, timeout=3600)
        timings = sender.python(TIMINGS, timeout=600)
        received = receiver.python(RECEIVED)
    finally:
        sender.stop()
        receiver.stop()
        drop_databases(sender, receiver)

    begin = started if prefill else timings["first"]
    seconds = timings["last"] - begin
    result = {
        "scenario": label,
        "messages": count,
        "workers": workers,
        "produce_per_s": round(count / produce_seconds, 1),
        "delivered_per_s": round(count / seconds, 1),
        "seconds": round(seconds, 2),
        "lost": count - received["distinct"],
        "duplicated": received["received"] - received["distinct"],
        "bad_receipts": timings["bad_receipts"],
    }
    if large:
        result["mib_per_s"] = round(count * 10 / seconds, 1)
    if not prefill:
        result["latency_p50_ms"] = round(percentile(timings["latencies"], 0.50) * 1000, 1)
        result["latency_p99_ms"] = round(percentile(timings["latencies"], 0.99) * 1000, 1)
    return result


def rabbitmq(count: int) -> dict[str, object]:
    import pika

    connection = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", 5672))
    channel = connection.channel()
    queue = f"samen-bench-{uuid.uuid4().hex[:8]}"
    channel.queue_declare(queue=queue, durable=True)
    channel.confirm_delivery()
    body = b"x" * BODY_BYTES
    properties = pika.BasicProperties(delivery_mode=pika.DeliveryMode.Persistent)
    latencies = []
    started = time.monotonic()
    for _ in range(count):
        sent = time.monotonic()
        channel.basic_publish("", queue, body, properties, mandatory=True)
        latencies.append(time.monotonic() - sent)
    seconds = time.monotonic() - started
    channel.queue_delete(queue=queue)
    connection.close()
    latencies.sort()
    return {
        "scenario": "rabbitmq persistent + confirms",
        "messages": count,
        "delivered_per_s": round(count / seconds, 1),
        "latency_p50_ms": round(percentile(latencies, 0.5) * 1000, 2),
        "latency_p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
    }


SCENARIOS = ("api-bulk", "api-single", "delivery-only", "10MiB")


def run_scenario(root: Path, name: str, url: str | None, which: str, args: Any) -> dict[str, Any]:
    label = f"{name}-{which}"
    if which.startswith("api-"):
        bulk = which == "api-bulk"
        return api_scenario(
            root,
            url,
            label,
            args.messages if bulk else args.single_messages,
            bundle=args.bundle if bulk else 1,
            threads=args.client_threads,
            workers=args.workers,
            server_workers=args.server_workers,
            receiver_workers=args.receiver_workers,
        )
    large = which == "10MiB"
    return scenario(
        root,
        url,
        label,
        args.large if large else args.messages,
        prefill=True,
        large=large,
        workers=1 if large else args.workers,
        receiver_workers=args.receiver_workers,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--single-messages", type=int, default=3000, help="one per request")
    parser.add_argument("--bundle", type=int, default=200, help="messages per bulk request")
    parser.add_argument("--client-threads", type=int, default=2)
    parser.add_argument("--server-workers", type=int, default=2, help="sender's gunicorn")
    parser.add_argument("--receiver-workers", type=int, default=2)
    parser.add_argument("--large", type=int, default=20, help="messages with 10 MiB each")
    parser.add_argument("--postgres", help="PostgreSQL server URL without a database name")
    parser.add_argument("--skip-rabbitmq", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--only", choices=SCENARIOS, action="append", help="repeatable")
    # Two of each on two cores: a third worker splits the due entries into
    # smaller batches and spends more CPU time per message (0.52 against
    # 0.42 ms), which the receiver and the database then lack.
    parser.add_argument("--workers", type=int, default=2, help="sending outbox workers")
    args = parser.parse_args()

    databases = ([] if args.skip_sqlite else [("sqlite", None)]) + (
        [("postgres", args.postgres.rstrip("/"))] if args.postgres else []
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, url in databases:
            for which in args.only or SCENARIOS:
                result = run_scenario(Path(folder), name, url, which, args)
                print(json.dumps(result), flush=True)
    if not args.skip_rabbitmq:
        print(json.dumps(rabbitmq(args.messages)), flush=True)


if __name__ == "__main__":
    main()
