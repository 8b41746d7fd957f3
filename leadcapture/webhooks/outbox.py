"""Webhook deliveries written with the change that causes them (the outbox): ``emit`` adds a delivery
per enabled endpoint that wants the event to the caller's transaction, and their sending is queued
once it commits. A rolled-back change sends nothing; a committed one is never lost (the periodic
job sends what a lost job did not)."""

import uuid
from datetime import datetime

from flask import Flask, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue
from leadcapture.listeners import listen_once
from leadcapture.models import WebhookDelivery, WebhookEndpoint
from leadcapture.models.types import utcnow
from leadcapture.webhooks.events import event_body

QUEUED_KEY = "leadcapture.webhook_deliveries"
ENDPOINTS_KEY = "leadcapture.webhook_endpoints"


def subscribed(event_type: str) -> list[int]:
    """The enabled endpoints that want ``event_type`` (read once a transaction: the table is small)."""
    info = db.session().info
    if ENDPOINTS_KEY not in info:
        enabled = select(WebhookEndpoint.id, WebhookEndpoint.events).where(WebhookEndpoint.enabled.is_(True))
        info[ENDPOINTS_KEY] = db.session.execute(enabled).all()
    return [endpoint_id for endpoint_id, events in info[ENDPOINTS_KEY] if event_type in events]


def emit(event_type: str, data: dict, now: datetime | None = None) -> int:
    """Write a delivery of the event (``data``, which may name its ``lead_id``) for every endpoint
    that wants it, in the caller's transaction (no commit); returns how many."""
    return emit_many(event_type, [data], now)


def emit_many(event_type: str, datas: list[dict], now: datetime | None = None) -> int:
    """``emit`` for several events of one type (a bulk change), in one insert."""
    endpoint_ids = subscribed(event_type)
    if not endpoint_ids or not datas:
        return 0
    now = now or utcnow()
    rows = []
    for data in datas:
        message = {"message_id": f"msg_{uuid.uuid4().hex}", "payload": event_body(event_type, data, now)}
        common = {
            "event_type": event_type,
            "lead_id": data.get("lead_id"),
            "status": "pending",
            "attempts": 0,
        }
        times = {"created_at": now, "next_attempt_at": now}
        rows += [{"endpoint_id": endpoint_id, **message, **common, **times} for endpoint_id in endpoint_ids]
    table = WebhookDelivery.__table__
    session = db.session()
    queue_after_commit(
        session, session.connection().scalars(table.insert().returning(table.c.id), rows).all()
    )
    return len(rows)


def queue_after_commit(session: Session, delivery_ids: list[int]) -> None:
    """Send these deliveries (written in ``session``'s transaction) once it commits."""
    session.info.setdefault(QUEUED_KEY, []).extend(delivery_ids)


def init_app(app: Flask) -> None:
    """Queue a transaction's deliveries after its commit; forget them (and the endpoints read) when
    it ends, committed or not."""
    listen_once(Session, "after_commit", _queue_committed)
    listen_once(Session, "after_transaction_end", _forget)


def _queue_committed(session: Session) -> None:
    ids = session.info.pop(QUEUED_KEY, [])
    if ids and has_app_context():
        enqueue("send-webhooks", ids)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(QUEUED_KEY, None)
        session.info.pop(ENDPOINTS_KEY, None)
