"""The deliveries' side for admins and retention: an endpoint's delivery log with its attempts,
replaying a delivery, counts per endpoint, and deleting old deliveries."""

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, func, select

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import WebhookAttempt, WebhookDelivery
from leadcapture.models.types import utcnow
from leadcapture.webhooks.outbox import queue_after_commit


def endpoint_deliveries(
    endpoint_id: int, before: int | None = None, limit: int = 50
) -> list[WebhookDelivery]:
    """An endpoint's newest deliveries (older than the id ``before``, for the next page)."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(WebhookDelivery.id < before)
    return list(db.session.scalars(query))


def attempts_of(delivery_ids: list[int]) -> dict[int, list[WebhookAttempt]]:
    """Each delivery's attempts, oldest first."""
    found = defaultdict(list)
    query = (
        select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(delivery_ids)).order_by(WebhookAttempt.id)
    )
    for attempt in db.session.scalars(query):
        found[attempt.delivery_id].append(attempt)
    return found


def delivery_counts() -> dict[int, Counter]:
    """How many deliveries of each status every endpoint has, by endpoint id."""
    query = select(WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count()).group_by(
        WebhookDelivery.endpoint_id, WebhookDelivery.status
    )
    counts = defaultdict(Counter)
    for endpoint_id, status, count in db.session.execute(query):
        counts[endpoint_id][status] = count
    return counts


def replay(original: WebhookDelivery, actor_id: int, now: datetime | None = None) -> WebhookDelivery:
    """Send a finished delivery again: a new delivery with the same body and webhook-id (receivers
    that already have it can tell), retried like any other; commits. InputError when it cannot be."""
    if not original.endpoint.enabled:
        raise InputError({"delivery": "Enable the endpoint first: a disabled endpoint is sent nothing."})
    if original.status == "pending":
        raise InputError({"delivery": "This delivery is still being sent."}, status=409)
    now = now or utcnow()
    copied = ("endpoint_id", "message_id", "event_type", "payload", "lead_id")
    again = WebhookDelivery(
        **{name: getattr(original, name) for name in copied},
        replay_of=original.id,
        status="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(again)
    db.session.flush()
    queue_after_commit(db.session(), [again.id])
    record_admin_action(actor_id, "webhook.replay", "webhook_delivery", again.id, {"replay_of": original.id})
    db.session.commit()
    return again


def _old(cutoff: datetime):
    """Deliveries made at or before ``cutoff`` and done with (never one still being sent)."""
    return (WebhookDelivery.created_at <= cutoff) & (WebhookDelivery.status != "pending")


def count_old_deliveries(cutoff: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookDelivery).where(_old(cutoff)))


def purge_old_deliveries(cutoff: datetime, _now: datetime, progress: Callable[[int], None]) -> Counter[str]:
    """Delete the old deliveries with their attempts (retention); commits."""
    count = db.session.execute(delete(WebhookDelivery).where(_old(cutoff))).rowcount
    db.session.commit()
    progress(count)
    return Counter({"deliveries": count})
