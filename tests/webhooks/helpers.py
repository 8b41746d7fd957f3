"""Registering endpoints and reading deliveries for the webhook tests."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import WEBHOOK_EVENTS, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from leadcapture.webhooks.endpoints import EndpointInput, create_endpoint


def register(app, receiver, events=WEBHOOK_EVENTS, url: str | None = None) -> int:
    """An enabled endpoint for ``events`` at the receiver's URL (or ``url``); its id. The receiver
    verifies with its secret."""
    with app.app_context():
        endpoint = create_endpoint(EndpointInput(url or receiver.url, "tests", list(events), True), None)
        receiver.secret = endpoint.secret
        return endpoint.id


def deliveries(app) -> list[WebhookDelivery]:
    return _rows(app, WebhookDelivery)


def attempts(app) -> list[WebhookAttempt]:
    return _rows(app, WebhookAttempt)


def _rows(app, model) -> list:
    """Every row of ``model``, oldest first, detached."""
    with app.app_context():
        rows = list(db.session.scalars(select(model).order_by(model.id)))
        db.session.expunge_all()
        return rows


def endpoint(app, endpoint_id: int) -> WebhookEndpoint:
    with app.app_context():
        row = db.session.get(WebhookEndpoint, endpoint_id)
        db.session.expunge(row)
        return row
