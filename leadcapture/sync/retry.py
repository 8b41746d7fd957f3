"""What happens to outbox rows after an attempt: synced, dead-lettered, postponed or backed off.

Transient failures (5xx, timeouts, dropped connections) never dead-letter quickly: a row backs off
exponentially, at most ``HUBSPOT_MAX_BACKOFF_SECONDS`` apart, and is dead-lettered only once it
has been failing that way for ``HUBSPOT_DEAD_AFTER_HOURS`` (72 h), so an outage of hours heals by
itself. Waits that are not the rows' fault (a 429, a property setup that failed) count nothing.
"""

import logging
import random
from datetime import datetime, timedelta

from flask import current_app

from leadcapture.models import SyncOutbox

log = logging.getLogger(__name__)
BASE_BACKOFF_SECONDS = 2.0


def mark_synced(rows: list[SyncOutbox], now: datetime) -> None:
    for row in rows:
        row.status, row.synced_at, row.last_error = "synced", now, None
        row.attempts += 1
        row.failing_since, row.outcome_unknown = None, False


def mark_dead(rows: list[SyncOutbox], message: str) -> None:
    """HubSpot refused these for good (e.g. an invalid email): kept with its message for an admin."""
    for row in rows:
        row.status, row.last_error = "dead", message
        row.attempts += 1


def postpone(rows: list[SyncOutbox], seconds: float, why: str, now: datetime) -> None:
    """Try again in ``seconds``; not the rows' failure, so no attempt is counted."""
    due = now + timedelta(seconds=seconds)
    for row in rows:
        row.next_attempt_at, row.last_error = due, why


def backoff_seconds(attempt: int, cap: float) -> float:
    """Exponential backoff with jitter (between half and all of ``2 * 2**attempt`` s), at most ``cap``."""
    ceiling = min(cap, BASE_BACKOFF_SECONDS * 2 ** min(attempt, 30))
    return random.uniform(ceiling / 2, ceiling)


def back_off(rows: list[SyncOutbox], error: str, now: datetime, at_least: float = 0.0) -> float:
    """A transient failure: count an attempt and schedule the next one, or dead-letter the rows that
    have been failing for longer than the horizon. Returns the delay chosen."""
    config = current_app.config
    horizon = timedelta(hours=config["HUBSPOT_DEAD_AFTER_HOURS"])
    attempt = max(row.attempts for row in rows) + 1
    delay = max(at_least, backoff_seconds(attempt, config["HUBSPOT_MAX_BACKOFF_SECONDS"]))
    for row in rows:
        row.attempts += 1
        row.last_error = error
        row.failing_since = row.failing_since or now
        if now - row.failing_since >= horizon:
            row.status = "dead"
            row.last_error = f"gave up after failing for {horizon.total_seconds() / 3600:g} hours: {error}"
        else:
            row.next_attempt_at = now + timedelta(seconds=delay)
    log.warning("HubSpot: %d rows failed (attempt %d), next in %.1fs: %s", len(rows), attempt, delay, error)
    return delay
