"""The one background worker that `samen serve` runs beside the web processes.

It is a child process running `samen worker`, not a thread. gunicorn's
arbiter forks the web processes from the serving process: a thread there
would have its half-done state (open connections, held locks) copied into
every fork, and a slow or crashing task would slow or take down the arbiter.
A child process has its own connection and memory, stops gracefully on
SIGTERM exactly like a separate `samen worker`, and notices through
--parent-pid when the server died without warning (kill -9) and stops too.
"""

import atexit
import logging
import os
import signal
import subprocess
import sys

logger = logging.getLogger(__name__)

# As long as gunicorn's own graceful timeout, so that a task in progress
# gets the same chance to finish as a request in progress.
STOP_TIMEOUT = 30


def start_embedded_worker() -> subprocess.Popen[bytes]:
    starter = os.getpid()
    # A session of its own: Ctrl+C in the terminal reaches only the server,
    # which then sends the worker one SIGTERM (a second would stop it at once).
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "samen", "worker", "--parent-pid", str(starter)],
        start_new_session=True,
    )
    logger.info("Embedded worker started as process %s", process.pid)

    def stop() -> None:
        # The web processes are forks of this one and inherit the atexit
        # hook; only the process that started the worker may stop it.
        if os.getpid() == starter:
            stop_embedded_worker(process)

    atexit.register(stop)
    return process


def stop_embedded_worker(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        logger.warning("Embedded worker %s did not stop in time; killing it", process.pid)
        process.kill()
        process.wait()
    logger.info("Embedded worker stopped")
