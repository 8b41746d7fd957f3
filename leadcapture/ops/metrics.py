"""The metrics each process counts for itself: requests by endpoint, and in-process cache lookups.

Kept by ``prometheus_client`` in this process, or, when ``PROMETHEUS_MULTIPROC_DIR`` is set before
the app starts, in files there that every gunicorn worker writes and ``/metrics`` adds up. Labels
are bounded: the Flask endpoint name (never the raw path), the method, the status code.
"""

from prometheus_client import Counter, Histogram, disable_created_metrics

REQUEST_SECONDS = Histogram(
    "leadcapture_http_request_duration_seconds",
    "Time to answer a request, by Flask endpoint and method.",
    ["endpoint", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUESTS = Counter(
    "leadcapture_http_requests",
    "Requests answered, by Flask endpoint, method and status code (4xx, 5xx: errors).",
    ["endpoint", "method", "status"],
)
CACHE_LOOKUPS = Counter(
    "leadcapture_cache_lookups",
    "Lookups of the in-process caches (live scoring rules, feedback themes, report days), hit or miss.",
    ["cache", "result"],
)


def count_cache(cache: str, hit: bool, lookups: int = 1) -> None:
    """Count ``lookups`` of ``cache`` that found what they needed (``hit``) or had to compute it."""
    if lookups:
        CACHE_LOOKUPS.labels(cache, "hit" if hit else "miss").inc(lookups)


def init_app(_app) -> None:
    """Leave out the ``*_created`` series (a timestamp per series: twice the lines, no use here)."""
    disable_created_metrics()
