"""Sending webhook deliveries: the ``send-webhooks`` job sends a commit's deliveries right after it,
the periodic ``send-due-webhooks`` job the retries (and any a lost job never sent).

A 2xx answer delivers. Any other answer, a timeout, a refused connection or a refused address is
retried with growing pauses (1, 2, 4 … minutes, at most 4 hours apart) for 24 hours, then the
delivery fails. 410 Gone fails it at once and disables the endpoint; so does an endpoint whose
every attempt has failed (at least 5 in a row) for the 24 hours since the first event that did not
get through was made. Every attempt is kept for the log.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.jobs.attempts import attempt_within, claim, due_ids
from leadcapture.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from leadcapture.models.types import utcnow
from leadcapture.webhooks.endpoints import (
    NO_KEY_UPDATE,
    disable_endpoint,
    endpoint_for_update,
    signing_secrets,
)
from leadcapture.webhooks.transport import Answer, Outgoing, send

# A delivery in progress holds its row this long; one whose worker died is then due again.
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=4)
RETRY_FOR = timedelta(hours=24)
DISABLE_AFTER = timedelta(hours=24)
DISABLE_AFTER_FAILURES = 5
# Well inside the jobs' timeouts even when every attempt waits WEBHOOK_TIMEOUT_SECONDS.
BATCH_SECONDS = 120


def deliver_ids(delivery_ids: list[int]) -> int:
    """The job after a commit: send its deliveries; returns how many were attempted (what time
    does not allow is left to the periodic job)."""
    return attempt_within(BATCH_SECONDS, delivery_ids, deliver)


def deliver_due(now: datetime | None = None) -> int:
    """The periodic job: send the deliveries that are due; returns how many were attempted."""
    now = now or utcnow()
    return attempt_within(BATCH_SECONDS, due_ids(WebhookDelivery, now), lambda row_id: deliver(row_id, now))


def deliver(delivery_id: int, now: datetime | None = None) -> str | None:
    """Attempt one delivery unless it is done, not due or held by another attempt; returns its new
    status (None when there was nothing to do). Commits."""
    now = now or utcnow()
    if not claim(WebhookDelivery, delivery_id, now, LEASE):
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # erased with its person meanwhile
        return None
    if not delivery.endpoint.enabled:  # disabled since the claim
        delivery.status, delivery.last_error = "failed", "The endpoint is disabled."
        db.session.commit()
        return delivery.status
    outgoing = _outgoing(delivery, now)
    # Signed with the wall clock, whatever ``now`` says: receivers refuse a timestamp 5 minutes off.
    return _record(delivery_id, send(outgoing, utcnow()), now)


def _outgoing(delivery: WebhookDelivery, now: datetime) -> Outgoing:
    """What to send, read before the request: no transaction stays open during it."""
    endpoint = delivery.endpoint
    secrets = signing_secrets(endpoint, now)
    outgoing = Outgoing(endpoint.url, delivery.message_id, delivery.payload.encode(), secrets)
    db.session.commit()
    return outgoing


def _record(delivery_id: int, answer: Answer, now: datetime) -> str | None:
    """Keep the attempt and what follows from it; commits. None when the delivery went meanwhile
    (erased with its person, or its endpoint deleted)."""
    endpoint_id = db.session.scalar(
        select(WebhookDelivery.endpoint_id).where(WebhookDelivery.id == delivery_id)
    )
    # The endpoint first, then the delivery: the order disabling takes them in.
    endpoint = endpoint_for_update(endpoint_id) if endpoint_id is not None else None
    delivery = db.session.get(
        WebhookDelivery, delivery_id, with_for_update=NO_KEY_UPDATE, populate_existing=True
    )
    if endpoint is None or delivery is None:
        db.session.rollback()
        return None
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery_id,
            attempted_at=now,
            status_code=answer.status,
            error=answer.error,
            duration_ms=answer.duration_ms,
        )
    )
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = answer.status, answer.error
    if answer.delivered:
        delivery.status, delivery.delivered_at = "delivered", now
        endpoint.failing_since, endpoint.consecutive_failures = None, 0
    else:
        _failed(endpoint, delivery, answer, now)
    db.session.commit()
    return delivery.status


def _failed(endpoint: WebhookEndpoint, delivery: WebhookDelivery, answer: Answer, now: datetime) -> None:
    # Since the first event that has not got through was made: a lone event failing for its 24
    # hours of retries disables the endpoint with its last attempt.
    endpoint.failing_since = endpoint.failing_since or delivery.created_at
    endpoint.consecutive_failures += 1
    give_up_at = delivery.created_at + RETRY_FOR
    if answer.status == 410 or now >= give_up_at:
        delivery.status = "failed"
    else:
        pause = min(FIRST_RETRY * 2 ** (delivery.attempts - 1), LONGEST_RETRY)
        delivery.next_attempt_at = min(now + pause, give_up_at)
    if answer.status == 410:
        disable_endpoint(endpoint, "The receiver answered 410 Gone: it wants no more webhooks.", now)
    elif (
        now - endpoint.failing_since >= DISABLE_AFTER
        and endpoint.consecutive_failures >= DISABLE_AFTER_FAILURES
    ):
        failures = endpoint.consecutive_failures
        disable_endpoint(
            endpoint, f"Every attempt failed for 24 hours ({failures} in a row): {answer.error}", now
        )
