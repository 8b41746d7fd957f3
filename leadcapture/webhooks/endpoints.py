"""Registering webhook endpoints (admins): a checked URL, the events it wants, a signing secret in
Standard Webhooks' format that can be rotated; and disabling one, by an admin or by the app when it
keeps failing. Every admin change is audited."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import select, update

from leadcapture.admin_audit import record_admin_action
from leadcapture.alerts import clear_alert, open_alert
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import WEBHOOK_EVENTS, WebhookDelivery, WebhookEndpoint
from leadcapture.models.types import utcnow
from leadcapture.webhooks.addresses import AddressError, resolve
from leadcapture.webhooks.signing import new_secret

log = logging.getLogger(__name__)
MAX_DESCRIPTION = 200
# After a rotation the old secret signs too for this long, so receivers can switch without a gap.
ROTATION_OVERLAP = timedelta(hours=24)
# A disabled endpoint's alert (for admins: a kind without a rule), open until it is enabled or deleted.
ALERT_KIND = "webhooks"
NO_KEY_UPDATE = {"key_share": True}


@dataclass(frozen=True)
class EndpointInput:
    url: str
    description: str
    events: list[str]
    enabled: bool


def all_endpoints() -> list[WebhookEndpoint]:
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def endpoint_for_update(endpoint_id: int) -> WebhookEndpoint | None:
    """The endpoint, locked until the commit on PostgreSQL (a delivery's outcome locks it too); FOR
    NO KEY UPDATE, so new deliveries (whose foreign key only shares the key) never wait for it."""
    return db.session.get(WebhookEndpoint, endpoint_id, with_for_update=NO_KEY_UPDATE, populate_existing=True)


def create_endpoint(values: EndpointInput, actor_id: int | None) -> WebhookEndpoint:
    """Register an endpoint with a new secret; commits. InputError by field."""
    values = validated(values)
    now = utcnow()
    endpoint = WebhookEndpoint(secret=new_secret(), created_at=now, updated_at=now, consecutive_failures=0)
    _apply(endpoint, values, now)
    db.session.add(endpoint)
    db.session.flush()
    record_admin_action(actor_id, "webhook.create", "webhook", endpoint.id, _detail(endpoint))
    db.session.commit()
    return endpoint


def update_endpoint(endpoint: WebhookEndpoint, values: EndpointInput, actor_id: int) -> None:
    """Save an endpoint's URL, description, events and whether it is enabled; commits. InputError
    by field. Enabling clears what disabled it; disabling fails its pending deliveries."""
    values = validated(values)
    was_enabled, now = endpoint.enabled, utcnow()
    _apply(endpoint, values, now)
    if values.enabled and not was_enabled:
        endpoint.disabled_at = endpoint.disabled_reason = endpoint.failing_since = None
        endpoint.consecutive_failures = 0
        clear_alert(ALERT_KIND, _alert_cause(endpoint), now)
    elif was_enabled and not values.enabled:
        _fail_pending(endpoint.id, "The endpoint was disabled by an admin.")
    record_admin_action(actor_id, "webhook.update", "webhook", endpoint.id, _detail(endpoint))
    db.session.commit()


def rotate_secret(endpoint: WebhookEndpoint, actor_id: int, now: datetime | None = None) -> None:
    """Give the endpoint a new secret; the old one still signs for ``ROTATION_OVERLAP``; commits."""
    now = now or utcnow()
    endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, now + ROTATION_OVERLAP
    endpoint.secret, endpoint.updated_at = new_secret(), now
    record_admin_action(actor_id, "webhook.rotate_secret", "webhook", endpoint.id)
    db.session.commit()


def delete_endpoint(endpoint: WebhookEndpoint, actor_id: int) -> None:
    """Delete the endpoint with its deliveries; commits."""
    record_admin_action(actor_id, "webhook.delete", "webhook", endpoint.id, _detail(endpoint))
    clear_alert(ALERT_KIND, _alert_cause(endpoint))
    db.session.delete(endpoint)
    db.session.commit()


def disable_endpoint(endpoint: WebhookEndpoint, reason: str, now: datetime | None = None) -> None:
    """The app gives up on an endpoint (a 410 Gone, failing too long): disabled with ``reason``
    (shown to admins), its pending deliveries failed; no commit. An admin enables it again."""
    endpoint.enabled = False
    endpoint.disabled_at, endpoint.disabled_reason = now or utcnow(), reason
    _fail_pending(endpoint.id, f"The endpoint was disabled: {reason}")
    log.warning("webhook endpoint %s disabled: %s", endpoint.id, reason)
    host = urlsplit(endpoint.url).hostname  # not the whole URL: its path or query may hold a token
    body = f"Webhook endpoint #{endpoint.id} ({host}) gets no more events: {reason} Enable it on its page."
    open_alert(ALERT_KIND, _alert_cause(endpoint), "Webhook endpoint disabled", body, now=now)


def _alert_cause(endpoint: WebhookEndpoint) -> str:
    return f"endpoint:{endpoint.id}"


def signing_secrets(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    """The secrets that sign its requests at ``now``: the current one, and the previous one for a
    while after a rotation."""
    rotated = endpoint.previous_secret_until is not None and endpoint.previous_secret_until > now
    return [endpoint.secret, endpoint.previous_secret] if rotated else [endpoint.secret]


def validated(values: EndpointInput) -> EndpointInput:
    """``values`` tidied; InputError naming each field that is wrong."""
    values = EndpointInput(values.url.strip(), values.description.strip(), values.events, values.enabled)
    errors = {}
    if not values.url:
        errors["url"] = "Enter the URL the webhooks go to."
    else:
        try:
            resolve(values.url, current_app.config["WEBHOOK_ALLOW_PRIVATE"])
        except AddressError as error:
            errors["url"] = str(error)
    if len(values.description) > MAX_DESCRIPTION:
        errors["description"] = f"A description can be at most {MAX_DESCRIPTION} characters."
    if not values.events:
        errors["events"] = "Choose at least one event."
    elif not set(values.events) <= set(WEBHOOK_EVENTS):
        errors["events"] = f"Events are some of {', '.join(WEBHOOK_EVENTS)}."
    if errors:
        raise InputError(errors)
    return values


def _apply(endpoint: WebhookEndpoint, values: EndpointInput, now: datetime) -> None:
    endpoint.url, endpoint.description, endpoint.enabled = values.url, values.description, values.enabled
    endpoint.events = [event for event in WEBHOOK_EVENTS if event in values.events]
    endpoint.updated_at = now


def _fail_pending(endpoint_id: int, reason: str) -> None:
    pending = (
        update(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id, WebhookDelivery.status == "pending")
        .values(status="failed", last_error=reason)
    )
    db.session.execute(pending)


def _detail(endpoint: WebhookEndpoint) -> dict:
    """What the audit log keeps: the host, not the URL (a path may hold the receiver's token)."""
    return {"host": urlsplit(endpoint.url).hostname, "events": endpoint.events, "enabled": endpoint.enabled}
