"""Removing attachment copies that nothing needs any more.

Three kinds of file can be left behind under EXCHANGE_DIR:

- tmp/.tmp-*: a write that stopped half-way (a process killed, an upload
  abandoned). A live writer keeps its file's time fresh, so one untouched for
  the grace period is dead.
- parts/<sha256>/: an incoming transfer in parts. Its sender resumes it for as
  long as its outbox entry lives, the persist duration; the parts go when the
  newest is older than that plus the grace period. Parts of a blob that is
  complete (a join killed before it tidied up) go after the grace period.
- blobs/<xx>/<sha256>: content. Kept for as long as an attachment row names
  it. Without a row it may be a file stored for a message whose transaction
  has not committed yet, or content a peer uploaded ahead of the batch that
  names it, which may come until the sender's persist duration ends. Such a
  blob goes only when untouched for the persist duration plus the grace
  period. The peer's own persist duration is not known here; this
  installation's is taken for it.

A blob is first renamed aside and then checked again, so that a writer that
found it present (blobs.touch) or a row committed in between keeps it.
cleanup_orphans() is safe to run at any time and from several workers.
"""

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from samen.exchange import blobs
from samen.exchange.models import Attachment

logger = logging.getLogger(__name__)

# Blobs removed per call at most, so that one worker loop stays short;
# `samen exchange cleanup` calls again until nothing is left.
BATCH = 500
# Rows looked up per query (SQLite allows 999 parameters in older versions).
LOOKUP = 500
ASIDE = ".removing-"


def cleanup_orphans(now: datetime | None = None) -> int:
    """Remove dead temporary files, abandoned transfers and unreferenced blobs."""
    moment = (now or timezone.now()).timestamp()
    grace = settings.EXCHANGE_ORPHAN_GRACE_SECONDS
    keep = settings.EXCHANGE_PERSIST_SECONDS + grace

    removed = _stale_temporaries(moment - grace)
    removed += _stale_parts(abandoned=moment - keep, joined=moment - grace)
    removed += _orphan_blobs(moment - keep)
    if removed:
        logger.info("Exchange cleanup removed %s files or transfers", removed)
    return removed


def _root() -> Path:
    return Path(settings.EXCHANGE_DIR)


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None


def _entries(directory: Path) -> Iterator[Path]:
    try:
        yield from directory.iterdir()
    except (FileNotFoundError, NotADirectoryError):
        return


def _stale_temporaries(cutoff: float) -> int:
    count = 0
    for path in _entries(_root() / "tmp"):
        mtime = _mtime(path)
        if path.name.startswith(".tmp-") and mtime is not None and mtime < cutoff:
            path.unlink(missing_ok=True)
            count += 1
    return count


def _stale_parts(*, abandoned: float, joined: float) -> int:
    count = 0
    for directory in _entries(_root() / "parts"):
        if not blobs.valid_sha256(directory.name) or not directory.is_dir():
            continue
        times = [t for t in map(_mtime, [directory, *_entries(directory)]) if t is not None]
        cutoff = joined if blobs.exists(directory.name) else abandoned
        if times and max(times) < cutoff:
            shutil.rmtree(directory, ignore_errors=True)
            count += 1
    return count


def _orphan_blobs(cutoff: float) -> int:
    count = 0
    for folder in sorted(_entries(_root() / "blobs")):
        _restore_set_aside(folder)
        old = sorted(
            path.name
            for path in _entries(folder)
            if blobs.valid_sha256(path.name) and (_mtime(path) or cutoff) < cutoff
        )
        for start in range(0, len(old), LOOKUP):
            chunk = old[start : start + LOOKUP]
            for sha256 in sorted(set(chunk) - _referenced(chunk)):
                count += _remove_blob(sha256, cutoff)
                if count >= BATCH:
                    return count
    return count


def _referenced(hashes: list[str]) -> set[str]:
    rows = Attachment.objects.filter(sha256__in=hashes).values_list("sha256", flat=True)
    return set(rows)


def _remove_blob(sha256: str, cutoff: float) -> int:
    target = blobs.path(sha256)
    aside = target.with_name(ASIDE + sha256)
    try:
        os.rename(target, aside)
    except FileNotFoundError:
        return 0

    # Between the first look and the rename a writer may have touched the
    # blob, or a message naming it may have committed: then it stays.
    mtime = _mtime(aside)
    if mtime is None:
        return 0  # another cleanup put it back meanwhile, and judges it itself
    if mtime >= cutoff or Attachment.objects.filter(sha256=sha256).exists():
        _put_back(aside, target)
        return 0
    aside.unlink(missing_ok=True)
    return 1


def _put_back(aside: Path, target: Path) -> None:
    # Same name, same content: replacing a copy written since is harmless.
    with contextlib.suppress(FileNotFoundError):
        os.replace(aside, target)


def _restore_set_aside(folder: Path) -> None:
    """Put back blobs a killed cleanup left renamed aside; they are judged again."""
    for path in _entries(folder):
        if path.name.startswith(ASIDE):
            _put_back(path, folder / path.name[len(ASIDE) :])
