"""A client-side limit on HubSpot requests, shared by every worker through Redis.

The ``limits`` library's moving window is the same kind of rolling window HubSpot enforces.
"""

import time

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

KEY = "hubspot-api"


def _limiter() -> tuple[MovingWindowRateLimiter, object]:
    cached = current_app.extensions.get("leadcapture.hubspot_limiter")
    if cached is None:
        storage = storage_from_string(current_app.config.get("REDIS_URL") or "memory://")
        cached = (MovingWindowRateLimiter(storage), parse(current_app.config["HUBSPOT_RATE_LIMIT"]))
        current_app.extensions["leadcapture.hubspot_limiter"] = cached
    return cached


def wait_for_request_slot(max_wait: float = 60.0) -> None:
    """Block until one more HubSpot request fits in the configured rate (default 100 per 10 s)."""
    limiter, item = _limiter()
    deadline = time.monotonic() + max_wait
    while not limiter.hit(item, KEY):
        reset_at = limiter.get_window_stats(item, KEY).reset_time
        if time.monotonic() > deadline:
            raise TimeoutError("waited too long for a HubSpot request slot")
        time.sleep(min(max(reset_at - time.time(), 0.02), 1.0))
