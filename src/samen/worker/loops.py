"""The registry of periodic loops that `samen worker` runs between tasks.

A loop is a plain function that claims a bounded batch of work, does it and
returns how many items it did. Apps register their loops when their `tasks`
module is imported, which the runner does for every installed app at start:

    loops.register("documents.cleanup", cleanup_orphans, interval_seconds=3600)

Claiming is the loop's own job (for example SELECT ... FOR UPDATE SKIP LOCKED
on PostgreSQL), so that any number of workers can run the same loop at once.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Loop:
    name: str
    func: Callable[[], int | None]
    interval_seconds: float


_registry: dict[str, Loop] = {}


def register(name: str, func: Callable[[], int | None], interval_seconds: float) -> Loop:
    """Add a loop, or replace the one with the same name (modules may be re-imported)."""
    if not name:
        raise ValueError("A loop needs a name.")
    if interval_seconds <= 0:
        raise ValueError(f"Loop {name!r} needs a positive interval, not {interval_seconds!r}.")

    loop = Loop(name=name, func=func, interval_seconds=float(interval_seconds))
    _registry[name] = loop
    return loop


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> list[Loop]:
    return sorted(_registry.values(), key=lambda loop: loop.name)
