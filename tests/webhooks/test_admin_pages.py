"""The admin's Webhooks pages: endpoints listed with their state, added and edited with clear form
errors, the secret shown and rotated, deleted; each endpoint's delivery log with its attempts and
replay; every change audited; admins only."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, WebhookEndpoint
from leadcapture.webhooks.outbox import emit
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import signed_in_client
from tests.webhooks.helpers import deliveries, endpoint, register
from tests.webhooks.test_sending import committed_event


def form(url: str, events=("lead.created",), enabled=True, description="CRM") -> dict:
    data = {"url": url, "description": description, "events": list(events)}
    return data | ({"enabled": "y"} if enabled else {})


def audited(app) -> list[tuple[str, str]]:
    """The webhook actions in the audit log: (action, target id)."""
    with app.app_context():
        entries = db.session.scalars(
            select(AdminAuditEntry)
            .where(AdminAuditEntry.action.startswith("webhook."))
            .order_by(AdminAuditEntry.id)
        )
        return [(entry.action, entry.target_id) for entry in entries]


def test_adding_an_endpoint_shows_its_secret_and_is_audited(app, receiver):
    client = signed_in_client(app)
    saved = client.post("/admin/webhooks/new", data=form(receiver.url, ["lead.created", "booking.created"]))
    assert saved.status_code == 302
    page = client.get(saved.location).get_data(as_text=True)
    secret = re.search(r'data-testid="webhook-secret">(whsec_[A-Za-z0-9+/=]+)<', page).group(1)
    with app.app_context():
        [stored] = db.session.scalars(select(WebhookEndpoint)).all()
        assert (stored.secret, stored.events, stored.description) == (
            secret,
            ["lead.created", "booking.created"],
            "CRM",
        )
    assert audited(app) == [("webhook.create", str(stored.id))]
    listing = client.get("/admin/webhooks").get_data(as_text=True)
    assert receiver.url.replace("&", "&amp;") in listing and "lead.created, booking.created" in listing


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (form(""), "url", "Enter the URL the webhooks go to."),
        (form("mailto:ana@example.com"), "url", "Enter an http:// or https:// URL."),
        (form("https://example.com/x", events=()), "events", "Choose at least one event."),
        (form("https://example.com/x", events=["lead.deleted"]), "events", "Events are some of"),
        (
            form("https://example.com/x", description="x" * 201),
            "description",
            "A description can be at most 200 characters.",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_by_field(app, data, field, message):
    page = signed_in_client(app).post("/admin/webhooks/new", data=data)
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and f'id="{field}-error">{message}' in text
    assert audited(app) == []


def test_editing_changes_the_events_and_a_disabled_endpoint_shows_why(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [410]
    committed_event(app)
    client = signed_in_client(app)
    listing = client.get("/admin/webhooks").get_data(as_text=True)
    assert (
        "disabled by the app" in listing
        and "410 Gone" in listing
        and "0 pending, 0 delivered, 1 failed" in listing
    )
    page = client.get(f"/admin/webhooks/{endpoint_id}").get_data(as_text=True)
    assert 'data-testid="webhook-disabled"' in page and "410 Gone" in page
    saved = client.post(f"/admin/webhooks/{endpoint_id}", data=form(receiver.url, ["feedback.submitted"]))
    assert saved.status_code == 302
    again = endpoint(app, endpoint_id)
    assert again.enabled and again.events == ["feedback.submitted"] and again.disabled_reason is None
    assert audited(app)[-1] == ("webhook.update", str(endpoint_id))
    refused = client.post(f"/admin/webhooks/{endpoint_id}", data=form("", ["feedback.submitted"]))
    assert refused.status_code == 400 and endpoint(app, endpoint_id).url == receiver.url


def test_rotating_the_secret_keeps_the_old_one_signing_for_a_day(app, receiver):
    endpoint_id = register(app, receiver)
    client = signed_in_client(app)
    page = client.post(f"/admin/webhooks/{endpoint_id}/secret", follow_redirects=True).get_data(as_text=True)
    assert "A new secret signs from now on" in page and "The previous secret also signs until" in page
    rotated = endpoint(app, endpoint_id)
    assert rotated.previous_secret == receiver.secret != rotated.secret and rotated.secret in page
    assert audited(app)[-1] == ("webhook.rotate_secret", str(endpoint_id))


def test_deleting_an_endpoint_takes_its_deliveries(app, receiver):
    endpoint_id = register(app, receiver)
    committed_event(app)
    client = signed_in_client(app)
    page = client.post(f"/admin/webhooks/{endpoint_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "Endpoint deleted" in page and "No endpoints yet." in page
    assert deliveries(app) == [] and audited(app)[-1] == ("webhook.delete", str(endpoint_id))
    assert client.post(f"/admin/webhooks/{endpoint_id}/delete").status_code == 404
    assert client.get(f"/admin/webhooks/{endpoint_id}").status_code == 404


def test_the_delivery_log_shows_attempts_and_replays_a_delivery(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [500]
    committed_event(app)
    client = signed_in_client(app)
    log = client.get(f"/admin/webhooks/{endpoint_id}/deliveries").get_data(as_text=True)
    assert "lead.created" in log and "The receiver answered HTTP 500." in log and "next try" in log
    assert "Send again" not in log  # still being retried
    [delivery] = deliveries(app)
    refused = client.post(f"/admin/webhooks/deliveries/{delivery.id}/replay", follow_redirects=True)
    assert "still being sent" in refused.get_data(as_text=True)
    receiver.answers = [410]  # the next event disables the endpoint
    committed_event(app)
    finished = client.post(
        f"/admin/webhooks/deliveries/{deliveries(app)[-1].id}/replay", follow_redirects=True
    )
    assert "Enable the endpoint first" in finished.get_data(as_text=True)


def test_a_replay_from_the_log_is_sent_again(app, receiver):
    endpoint_id = register(app, receiver)
    committed_event(app)
    client = signed_in_client(app)
    [delivery] = deliveries(app)
    page = client.post(f"/admin/webhooks/deliveries/{delivery.id}/replay", follow_redirects=True)
    assert f"Delivery {delivery.id} queued to be sent again" in page.get_data(as_text=True)
    finish_jobs(app)
    assert [request.headers["webhook-id"] for request in receiver.received] == [delivery.message_id] * 2
    log = client.get(f"/admin/webhooks/{endpoint_id}/deliveries").get_data(as_text=True)
    assert f"replay of {delivery.id}" in log and log.count('data-testid="delivery-status">delivered') == 2
    assert audited(app)[-1][0] == "webhook.replay"
    assert client.post("/admin/webhooks/deliveries/999999/replay").status_code == 404


def test_older_deliveries_are_a_page_further(app, receiver):
    endpoint_id = register(app, receiver)
    with app.app_context():
        for number in range(51):
            emit("lead.created", {"lead_id": None, "number": number})
        db.session.commit()
    finish_jobs(app)
    client = signed_in_client(app)
    first = client.get(f"/admin/webhooks/{endpoint_id}/deliveries").get_data(as_text=True)
    number = "&#34;number&#34;:{}}}".format  # the payload, escaped in the page
    assert "Older deliveries" in first and number(50) in first and number(0) not in first
    older = client.get(f"/admin/webhooks/{endpoint_id}/deliveries?before=2").get_data(as_text=True)
    assert number(0) in older and "Older deliveries" not in older


def test_only_admins_see_the_webhooks(app):
    for role in ("sales", "marketing"):
        assert signed_in_client(app, role).get("/admin/webhooks").status_code == 403
    assert "Webhooks</a>" in signed_in_client(app).get("/admin/").get_data(as_text=True)
