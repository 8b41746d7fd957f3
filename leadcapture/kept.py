"""Results an app keeps in memory by key, for pages whose answer takes seconds to compute and
changes slowly (a period's feedback themes, the suggested points of a period's leads).

Each app (each web process) keeps its own, at most ``size`` keys, the least recently used going
first. One lock per key: a view computing one key's result holds up the views of that key only.
``computed_recently`` keeps a value for a while and computes it again once it is older.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from flask import current_app

from leadcapture.ops.metrics import count_cache

T = TypeVar("T")


class Kept(Generic[T]):
    """Results by key, the most recently used last."""

    def __init__(self, size: int):
        self.size = size
        self.results: OrderedDict[tuple, T] = OrderedDict()
        self.key_locks: dict[tuple, threading.Lock] = {}
        self.lock = threading.Lock()  # the two dicts

    def key_lock(self, key: tuple) -> threading.Lock:
        """The lock a view holds while it computes ``key``'s result."""
        with self.lock:
            return self.key_locks.setdefault(key, threading.Lock())

    def get(self, key: tuple) -> T | None:
        with self.lock:
            return self.results.get(key)

    def keep(self, key: tuple, result: T) -> None:
        """Keep ``result`` as the most recently used, forgetting the least recently used beyond ``size``."""
        with self.lock:
            self.results[key] = result
            self.results.move_to_end(key)
            while len(self.results) > self.size:
                gone, _ = self.results.popitem(last=False)
                self.key_locks.pop(gone, None)


def kept_results(name: str, size: int) -> Kept:
    """The current app's kept results called ``name`` (made on first use)."""
    return current_app.extensions.setdefault(name, Kept(size))


@dataclass(frozen=True)
class Computed(Generic[T]):
    value: T
    computed_at: datetime


def computed_recently(
    name: str, size: int, key: tuple, keep_for: timedelta, compute: Callable[[], T], now: datetime
) -> Computed[T]:
    """``compute()``'s value for ``key``, as computed at most ``keep_for`` before ``now`` (kept in
    the app as ``name``, at most ``size`` keys); counts a hit or a miss of the cache ``name``."""
    kept: Kept[Computed[T]] = kept_results(name, size)
    with kept.key_lock(key):
        found = kept.get(key)
        fresh = found is not None and now - found.computed_at < keep_for
        count_cache(name, hit=fresh)
        if not fresh:
            found = Computed(compute(), now)
        kept.keep(key, found)
        return found
