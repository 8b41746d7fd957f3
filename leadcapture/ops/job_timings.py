"""How long jobs take and how many fail, by job: a histogram any process adds to and reads.

RQ runs each job in a child process ``flask worker`` forks for it, on any host, so the figures
live in Redis (one small hash, added to atomically); the inline runner (no Redis) keeps them in
the web process that runs its jobs. Either way ``/metrics`` reads them when scraped.
"""

import logging
import math
import threading
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from redis import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
KEY = "leadcapture:metrics:job_durations"
# Seconds; the jobs range from a single email (ms) to a full rescore or purge (up to an hour).
BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0, math.inf)


@dataclass
class JobTally:
    """A job's runs: how many, how many failed, their total seconds, and runs per bucket (not
    cumulative: ``per_bucket[i]`` took more than ``BUCKETS[i-1]`` and at most ``BUCKETS[i]``)."""

    runs: int = 0
    failed: int = 0
    seconds: float = 0.0
    per_bucket: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))

    def cumulative(self) -> list[tuple[float, int]]:
        """(upper bound, runs at most that long) for each bucket, as Prometheus counts them."""
        total, counts = 0, []
        for bound, runs in zip(BUCKETS, self.per_bucket, strict=True):
            total += runs
            counts.append((bound, total))
        return counts


def increments(job: str, seconds: float, ok: bool) -> dict[str, float]:
    """The hash fields one run adds to: ``job|runs``, ``job|seconds``, ``job|failed`` and its
    bucket's ``job|b<index>``."""
    return {
        f"{job}|runs": 1,
        f"{job}|seconds": seconds,
        f"{job}|failed": 0 if ok else 1,
        f"{job}|b{bisect_left(BUCKETS, seconds)}": 1,
    }


def tallies_from(fields: dict[str, float]) -> dict[str, JobTally]:
    """The tally of each job in the hash ``fields``, by job name."""
    tallies: dict[str, JobTally] = defaultdict(JobTally)
    for name, value in fields.items():
        job, kind = name.rsplit("|", 1)
        tally = tallies[job]
        if kind == "seconds":
            tally.seconds = value
        elif kind in ("runs", "failed"):
            setattr(tally, kind, int(value))
        else:
            tally.per_bucket[int(kind[1:])] = int(value)
    return dict(sorted(tallies.items()))


class RedisTimings:
    """The figures in Redis, shared by every worker and web process."""

    def __init__(self, connection: Redis):
        self.connection = connection

    def record(self, job: str, seconds: float, ok: bool) -> None:
        """Add one run; a Redis outage loses the figure, never the job."""
        pipeline = self.connection.pipeline(transaction=False)
        for name, amount in increments(job, seconds, ok).items():
            pipeline.hincrbyfloat(KEY, name, amount)
        try:
            pipeline.execute()
        except RedisError as error:
            log.warning("job %s took %.3f s; not counted: %s", job, seconds, error)

    def tallies(self) -> dict[str, JobTally]:
        raw = self.connection.hgetall(KEY)
        return tallies_from({name.decode(): float(value) for name, value in raw.items()})


class MemoryTimings:
    """The figures of the jobs this process ran (the inline runner's)."""

    def __init__(self):
        self.fields: dict[str, float] = defaultdict(float)
        self.lock = threading.Lock()

    def record(self, job: str, seconds: float, ok: bool) -> None:
        with self.lock:
            for name, amount in increments(job, seconds, ok).items():
                self.fields[name] += amount

    def tallies(self) -> dict[str, JobTally]:
        with self.lock:
            return tallies_from(dict(self.fields))
