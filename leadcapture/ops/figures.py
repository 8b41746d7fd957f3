"""The System page's tables, from the counted metrics (``exposition.counted_metrics``) and the job
tallies: per endpoint, per job and per cache, with a mean and a 95th percentile bound."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from prometheus_client.core import Metric

from leadcapture.ops.job_timings import JobTally

REQUEST_SECONDS = "leadcapture_http_request_duration_seconds"
REQUESTS = "leadcapture_http_requests"
CACHE_LOOKUPS = "leadcapture_cache_lookups"


@dataclass
class Timings:
    """Runs of something and how long they took, from a histogram's cumulative buckets."""

    count: int = 0
    seconds: float = 0.0
    buckets: dict[float, float] = field(default_factory=dict)  # upper bound -> runs at most that long

    @property
    def mean_ms(self) -> float | None:
        return self.seconds / self.count * 1000 if self.count else None

    @property
    def p95_ms(self) -> float | None:
        """The upper bound of the bucket the 95th percentile falls in (inf: beyond the largest)."""
        if not self.count:
            return None
        bound = next(bound for bound, runs in sorted(self.buckets.items()) if runs >= 0.95 * self.count)
        return bound * 1000


@dataclass
class EndpointRow:
    endpoint: str
    timings: Timings = field(default_factory=Timings)
    by_status: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def client_errors(self) -> int:
        return sum(count for status, count in self.by_status.items() if status.startswith("4"))

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.by_status.items() if status.startswith("5"))


@dataclass
class JobRow:
    job: str
    failed: int
    timings: Timings


@dataclass
class CacheRow:
    cache: str
    hits: int
    misses: int

    @property
    def hit_ratio(self) -> float | None:
        lookups = self.hits + self.misses
        return self.hits / lookups if lookups else None


def endpoint_rows(families: Iterable[Metric]) -> list[EndpointRow]:
    """Every endpoint that answered (its methods together), busiest first."""
    rows: dict[str, EndpointRow] = {}
    for family in families:
        if family.name not in (REQUESTS, REQUEST_SECONDS):
            continue
        for sample in family.samples:
            endpoint = sample.labels["endpoint"]
            row = rows.setdefault(endpoint, EndpointRow(endpoint))
            if family.name == REQUEST_SECONDS:
                _add(row.timings, sample)
            elif sample.name.endswith("_total"):
                row.by_status[sample.labels["status"]] += int(sample.value)
    return sorted(rows.values(), key=lambda row: (-row.timings.count, row.endpoint))


def cache_rows(families: Iterable[Metric]) -> list[CacheRow]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for family in families:
        if family.name == CACHE_LOOKUPS:
            for sample in family.samples:
                if sample.name.endswith("_total"):
                    counts[sample.labels["cache"]][sample.labels["result"]] += int(sample.value)
    return [CacheRow(cache, found["hit"], found["miss"]) for cache, found in sorted(counts.items())]


def job_rows(tallies: dict[str, JobTally]) -> list[JobRow]:
    return [
        JobRow(job, tally.failed, Timings(tally.runs, tally.seconds, dict(tally.cumulative())))
        for job, tally in tallies.items()
    ]


def _add(timings: Timings, sample) -> None:
    if sample.name.endswith("_bucket"):
        bound = float(sample.labels["le"])
        timings.buckets[bound] = timings.buckets.get(bound, 0) + sample.value
    elif sample.name.endswith("_count"):
        timings.count += int(sample.value)
    elif sample.name.endswith("_sum"):
        timings.seconds += sample.value
