"""Outgoing webhooks: admins register endpoints for events (``models.WEBHOOK_EVENTS``); the change
that causes an event writes a delivery per endpoint in its own transaction (``outbox.emit``); jobs
sign them per Standard Webhooks and send them (``sender``), retrying for 24 hours."""
