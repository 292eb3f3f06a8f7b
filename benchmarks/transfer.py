"""Upload and download of a big file through `samen serve`, against baselines.

    .venv/bin/python benchmarks/transfer.py            # 1 GiB
    .venv/bin/python benchmarks/transfer.py --size-gib 2
    .venv/bin/python benchmarks/transfer.py --upload-only --sendfile

In one run, on loopback and the same disk: a plain copy of the file (the
upload baseline), nginx serving the file (the download baseline), and
Samen's upload (POST /api/v1/documenten, multipart) and download
(GET /api/v1/documenten/{id}/inhoud). Prints MiB/s, the ratios against the
targets (download >= 0.9 x nginx, upload >= 0.7 x copy) and the peak RSS of
the gunicorn processes (master + workers) above their idle size, with the
load average before and after: on a shared machine the upload's wall time
follows the neighbours, its server CPU time much less. The client runs on
the same cores as the server; with --sendfile it takes next to none of them.
"""

import argparse
import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
from _setup import free_port, installation, provision, start_serve, stop

MIB = 1024 * 1024
CHUNK = 4 * MIB


def make_file(path: Path, size: int) -> str:
    """Random-looking content (incompressible), and its SHA-256."""
    sha = hashlib.sha256()
    block = os.urandom(CHUNK)
    with path.open("wb") as out:
        written = 0
        while written < size:
            piece = block[: min(CHUNK, size - written)]
            # Vary each block so that no layer can deduplicate it.
            piece = written.to_bytes(8, "big") + piece[8:]
            out.write(piece)
            sha.update(piece)
            written += len(piece)
    return sha.hexdigest()


def disk_copy(source: Path, target: Path, *, durable: bool) -> float:
    """A plain copy on the same disk; durable adds the fsync that Samen does for content."""
    started = time.perf_counter()
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, CHUNK)
        dst.flush()
        if durable:
            os.fsync(dst.fileno())
    seconds = time.perf_counter() - started
    target.unlink()
    if not durable:
        # Let the unsynced pages drain, so that they do not slow the next step.
        os.sync()
    return seconds


class RssSampler:
    """Samples the summed RSS of a process and its children every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def current(self) -> int:
        total = 0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process and its children so far."""
        total = 0.0
        for process in [self.root, *self.root.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.current())
            time.sleep(0.05)

    def __enter__(self) -> "RssSampler":
        self.peak = self.current()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def multipart(path: Path, fields: dict[str, str]) -> tuple[list[bytes], bytes, str, int]:
    boundary = "samen-benchmark-" + os.urandom(8).hex()
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="inhoud"; '
        f'filename="{path.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    length = len(head) + path.stat().st_size + len(tail)
    return [head], tail, f"multipart/form-data; boundary={boundary}", length


def body(head: list[bytes], path: Path, tail: bytes) -> Iterator[bytes]:
    yield from head
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
    yield tail


def upload(port: int, token: str, workspace: str, path: Path) -> tuple[float, dict[str, object]]:
    head, tail, content_type, length = multipart(path, {"ruimte": workspace, "titel": "Groot"})
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600, blocksize=CHUNK)
    started = time.perf_counter()
    connection.request(
        "POST",
        "/api/v1/documenten",
        body=body(head, path, tail),
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": content_type,
            "Content-Length": str(length),
        },
    )
    response = connection.getresponse()
    answer = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    if response.status != 201:
        raise RuntimeError(f"upload answered {response.status}: {answer[:500]!r}")
    return seconds, json.loads(answer)


def upload_sendfile(
    port: int, token: str, workspace: str, path: Path
) -> tuple[float, dict[str, object]]:
    """The same upload with the file sent by sendfile(): the client then costs almost no CPU.

    Client and server share the machine's cores; this shows what the server
    does when the client takes none of them, as a client elsewhere would.
    """
    head, tail, content_type, length = multipart(path, {"ruimte": workspace, "titel": "Groot"})
    request = (
        f"POST /api/v1/documenten HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Authorization: Token {token}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=600) as sock:
        started = time.perf_counter()
        sock.sendall(request + b"".join(head))
        with path.open("rb") as source:
            sock.sendfile(source)
        sock.sendall(tail)
        response = http.client.HTTPResponse(sock)
        response.begin()
        answer = response.read()
        seconds = time.perf_counter() - started
    if response.status != 201:
        raise RuntimeError(f"upload answered {response.status}: {answer[:500]!r}")
    return seconds, json.loads(answer)


def download(
    port: int, path: str, headers: dict[str, str], expected: int, *, verify: bool = False
) -> tuple[float, str]:
    """Seconds for a GET of path read to the end; with verify, also its SHA-256.

    Timed runs do not hash: the client's hashing would cap both servers alike.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    sha = hashlib.sha256()
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"download answered {response.status}: {response.read(500)!r}")
    received = 0
    while count := response.readinto(view):
        received += count
        if verify:
            sha.update(view[:count])
    seconds = time.perf_counter() - started
    connection.close()
    if received != expected:
        raise RuntimeError(f"download gave {received} bytes, expected {expected}")
    return seconds, sha.hexdigest()


def start_nginx(root: Path, port: int) -> subprocess.Popen[bytes]:
    prefix = Path(tempfile.mkdtemp(prefix="samen-bench-nginx-"))
    config = prefix / "nginx.conf"
    config.write_text(
        f"""
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        ["nginx", "-c", str(config), "-p", str(prefix), "-e", str(prefix / "error.log")]
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("HEAD", "/")
            connection.getresponse().read()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not start")


def mib_s(size: int, seconds: float) -> float:
    return size / MIB / seconds


def print_load(at_start: tuple[float, float, float]) -> None:
    one, five, fifteen = at_start
    print(f"load average at start:  {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores")
    one, five, fifteen = os.getloadavg()
    print(f"load average:           {one:.1f} {five:.1f} {fifteen:.1f} on {os.cpu_count()} cores")
    print("                        (figures compare only between runs on a quiet machine)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-gib", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure; the best counts")
    parser.add_argument(
        "--upload-only", action="store_true", help="skip nginx and the downloads (quicker)"
    )
    parser.add_argument(
        "--sendfile",
        action="store_true",
        help="the client sends the file with sendfile() (next to no client CPU)",
    )
    args = parser.parse_args()
    size = int(args.size_gib * 1024 * MIB)
    load_at_start = os.getloadavg()

    env = installation()
    data_dir = Path(env["SAMEN_DATA_DIR"])
    source_dir = data_dir / "bench-source"
    source_dir.mkdir()
    source = source_dir / "groot.bin"
    print(f"file: {size / MIB:.0f} MiB in {data_dir}")
    digest = make_file(source, size)
    # nginx's worker runs as an unprivileged user when started by root.
    for path, mode in ((data_dir, 0o755), (source_dir, 0o755), (source, 0o644)):
        path.chmod(mode)

    os.sync()
    # Each figure is the best of --repeat runs: the disk and the cores may
    # be shared, and the best run is the one least disturbed by others.
    cached_copy_seconds = min(
        disk_copy(source, data_dir / "copy.bin", durable=False) for _ in range(args.repeat)
    )
    copy_seconds = min(
        disk_copy(source, data_dir / "copy.bin", durable=True) for _ in range(args.repeat)
    )

    nginx_seconds = float("nan") if args.upload_only else nginx_download(source_dir, size, args)

    who = provision(env)
    port = free_port()
    server = start_serve(env, port, workers=args.workers)
    auth = {"Authorization": f"Token {who['token']}"}
    try:
        sampler = RssSampler(server.pid)
        idle = sampler.current()
        uploads = []
        cpu_before = sampler.cpu_seconds()
        with sampler as up_rss:
            for _ in range(args.repeat):
                send = upload_sendfile if args.sendfile else upload
                uploads.append(send(port, who["token"], who["workspace"], source))
        upload_cpu = (sampler.cpu_seconds() - cpu_before) / args.repeat
        upload_seconds = min(seconds for seconds, _created in uploads)
        for _seconds, created in uploads:
            stored = created["integriteit"]["waarde"]  # type: ignore[index]
            assert stored == digest, "the server's SHA-256 differs from the file's"
        path = f"/api/v1/documenten/{uploads[0][1]['id']}/inhoud"
        download_seconds = float("nan")
        with RssSampler(server.pid) as down_rss:
            if not args.upload_only:
                _seconds, samen_digest = download(port, path, auth, size, verify=True)
                assert samen_digest == digest, "downloaded bytes differ from the uploaded file"
                download_seconds = min(
                    download(port, path, auth, size)[0] for _ in range(args.repeat)
                )
    finally:
        stop(server)

    print_load(load_at_start)
    # On a shared machine the wall time depends on the neighbours; the
    # server's CPU time per upload much less.
    per_gib = upload_cpu / (size / MIB) * 1024
    print(f"server CPU per upload:  {upload_cpu:8.2f} s ({per_gib:.2f} s per GiB)")
    report(
        size,
        cached_copy_seconds,
        copy_seconds,
        nginx_seconds,
        upload_seconds,
        download_seconds,
        idle,
        up_rss.peak,
        down_rss.peak,
        args.workers,
    )
    shutil.rmtree(data_dir, ignore_errors=True)


def nginx_download(source_dir: Path, size: int, args: argparse.Namespace) -> float:
    nginx_port = free_port()
    nginx = start_nginx(source_dir, nginx_port)
    try:
        download(nginx_port, "/groot.bin", {}, size)  # warm the page cache alike
        return min(download(nginx_port, "/groot.bin", {}, size)[0] for _ in range(args.repeat))
    finally:
        nginx.terminate()
        nginx.wait()


def report(
    size: int,
    plain_s: float,
    copy_s: float,
    nginx_s: float,
    up_s: float,
    down_s: float,
    idle: int,
    up_peak: int,
    down_peak: int,
    workers: int,
) -> None:
    plain, copy, nginx = mib_s(size, plain_s), mib_s(size, copy_s), mib_s(size, nginx_s)
    up, down = mib_s(size, up_s), mib_s(size, down_s)
    print(f"plain copy (no fsync):  {plain:8.0f} MiB/s")
    print(f"durable copy (fsync):   {copy:8.0f} MiB/s")
    print(f"nginx download:         {nginx:8.0f} MiB/s")
    # The server fsyncs what it stores, so the fsync'ed copy is the one that
    # does the same durability work; the target is judged against it.
    print(f"samen upload:           {up:8.0f} MiB/s  = {up / copy:.2f} x durable copy")
    print("                                     (target >= 0.70 x durable copy)")
    print(f"                                     = {up / plain:.2f} x plain copy")
    print(
        f"samen download:         {down:8.0f} MiB/s  = {down / nginx:.2f} x nginx  (target >= 0.90)"
    )
    print(f"gunicorn RSS idle:      {idle / MIB:8.1f} MiB (master + {workers} workers)")
    print(f"RSS growth on upload:   {(up_peak - idle) / MIB:8.1f} MiB  (target < 50)")
    print(f"RSS growth on download: {(down_peak - idle) / MIB:8.1f} MiB  (target < 50)")


if __name__ == "__main__":
    main()
