"""Sending: after the commit only, signed so that a Standard Webhooks receiver verifies it, retried
with growing pauses for 24 hours when the receiver fails (then the endpoint is disabled), at once
disabled on 410, timeouts retried, replays with the same webhook-id, secrets rotated without a gap."""

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select, update
from standardwebhooks import Webhook

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Notification, OutgoingMail, WebhookDelivery, WebhookEndpoint
from leadcapture.models.types import utcnow
from leadcapture.privacy.erase import erase_person
from leadcapture.webhooks.deliveries import replay
from leadcapture.webhooks.endpoints import EndpointInput, rotate_secret, update_endpoint
from leadcapture.webhooks.outbox import emit
from leadcapture.webhooks.sender import deliver, deliver_due
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import signed_in_client, staff_email
from tests.webhooks.helpers import attempts, deliveries, endpoint, register

EVENT = {"lead_id": None, "score": 80}


def committed_event(app, event_type: str = "lead.created", data: dict = EVENT) -> None:
    """An event emitted, its transaction committed and its job run."""
    with app.app_context():
        emit(event_type, data)
        db.session.commit()
    finish_jobs(app)


def retry_until_done(app) -> list[timedelta]:
    """Run the periodic job at each due time until the delivery is done; the pauses between tries."""
    while (delivery := deliveries(app)[0]).status == "pending":
        with app.app_context():
            deliver_due(delivery.next_attempt_at)
    times = [attempt.attempted_at for attempt in attempts(app)]
    return [later - earlier for earlier, later in zip(times, times[1:], strict=False)]


def test_a_committed_change_is_sent_once_and_verifies(app, receiver):
    register(app, receiver)
    with app.app_context():
        capture_scored_lead(None, ContactDetails(email="ana@example.com"))
    finish_jobs(app)
    [request] = receiver.received
    assert request.verified and request.event["type"] == "lead.created"
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    with app.app_context():
        assert deliver(delivery.id) is None and deliver_due(utcnow() + timedelta(days=1)) == 0
    assert len(receiver.received) == 1


def test_a_rolled_back_change_sends_nothing(app, receiver):
    register(app, receiver)
    with app.app_context():
        capture_scored_lead(None, ContactDetails(email="ana@example.com"), commit=False)
        db.session.rollback()
        db.session.commit()
    finish_jobs(app)
    assert receiver.received == [] and deliveries(app) == []


def test_a_failing_receiver_is_retried_for_a_day_then_the_endpoint_is_disabled(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [500] * 100
    committed_event(app)
    pauses = retry_until_done(app)
    assert pauses[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert max(pauses) == timedelta(hours=4) and sum(pauses, timedelta()) <= timedelta(hours=24)
    [delivery] = deliveries(app)
    assert delivery.status == "failed" and delivery.attempts == len(pauses) + 1 == len(receiver.events())
    assert attempts(app)[-1].attempted_at - delivery.created_at == timedelta(hours=24)
    assert len({request.headers["webhook-id"] for request in receiver.received}) == 1
    disabled = endpoint(app, endpoint_id)
    assert not disabled.enabled and disabled.disabled_at is not None
    assert "failed for 24 hours" in disabled.disabled_reason and "HTTP 500" in disabled.disabled_reason
    committed_event(app)  # a disabled endpoint is sent nothing
    assert len(deliveries(app)) == 1


def test_one_success_keeps_the_endpoint_enabled(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [503, 503, 200]
    committed_event(app)
    assert retry_until_done(app) == [timedelta(minutes=1), timedelta(minutes=2)]
    assert [delivery.status for delivery in deliveries(app)] == ["delivered"]
    kept = endpoint(app, endpoint_id)
    assert kept.enabled and (kept.failing_since, kept.consecutive_failures) == (None, 0)


def test_410_gone_disables_the_endpoint_at_once(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [410]
    committed_event(app)
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.last_status_code) == ("failed", 410)
    gone = endpoint(app, endpoint_id)
    assert not gone.enabled and "410 Gone" in gone.disabled_reason


def test_a_receiver_that_does_not_answer_times_out_and_is_retried(make_app, receiver, silent_server):
    app = make_app(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT_SECONDS=0.2)
    register(app, receiver, url=silent_server)
    committed_event(app)
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert "timed out" in delivery.last_error
    assert delivery.next_attempt_at > utcnow()


def test_a_replay_is_a_new_delivery_with_the_same_webhook_id(app, receiver):
    register(app, receiver)
    committed_event(app)
    with app.app_context():
        [original] = db.session.scalars(select(WebhookDelivery)).all()
        again = replay(original, None)
        assert again.replay_of == original.id
    finish_jobs(app)
    first, second = receiver.received
    assert second.verified and second.body == first.body
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert [delivery.status for delivery in deliveries(app)] == ["delivered", "delivered"]


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(app, receiver):
    endpoint_id = register(app, receiver)
    old_secret = receiver.secret
    with app.app_context():
        rotate_secret(db.session.get(WebhookEndpoint, endpoint_id), None)
        new_secret = db.session.get(WebhookEndpoint, endpoint_id).secret
    committed_event(app)
    [request] = receiver.received
    assert new_secret != old_secret and request.verified  # the receiver still has the old one
    Webhook(new_secret).verify(request.body, request.headers)
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    receiver.answers = [500]
    committed_event(app)
    with app.app_context():
        deliver_due(utcnow() + timedelta(hours=25))
    assert len(receiver.received[-1].headers["webhook-signature"].split(" ")) == 1


def test_disabling_fails_the_pending_deliveries_and_enabling_clears_the_reason(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [500]
    committed_event(app)
    values = EndpointInput(receiver.url, "tests", ["lead.created"], False)
    with app.app_context():
        update_endpoint(db.session.get(WebhookEndpoint, endpoint_id), values, None)
    [delivery] = deliveries(app)
    assert delivery.status == "failed" and "disabled by an admin" in delivery.last_error
    with app.app_context():
        update_endpoint(db.session.get(WebhookEndpoint, endpoint_id), replace(values, enabled=True), None)
    again = endpoint(app, endpoint_id)
    assert again.enabled and again.failing_since is None and again.consecutive_failures == 0


def test_an_endpoint_disabled_while_a_delivery_waits_is_not_sent_it(app, receiver):
    endpoint_id = register(app, receiver)
    receiver.answers = [500]
    committed_event(app)
    with app.app_context():
        # As another worker's disabling would leave it, before this one's run.
        db.session.execute(update(WebhookEndpoint).values(enabled=False))
        db.session.commit()
        assert deliver_due(deliveries(app)[0].next_attempt_at) == 1
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        1,
        "The endpoint is disabled.",
    )
    assert len(receiver.received) == 1 and endpoint(app, endpoint_id).disabled_reason is None


def test_a_person_erased_while_their_event_is_being_sent_leaves_no_attempt(api, app, receiver):
    register(app, receiver)

    def erase_ana():
        with app.app_context():
            erase_person("ana@example.com")

    receiver.during_request = erase_ana
    api.post("/api/v1/leads", json={"email": "ana@example.com"})
    finish_jobs(app)
    assert len(receiver.events()) == 1
    assert deliveries(app) == [] and attempts(app) == []


def test_an_https_url_is_sent_over_tls_only(app, receiver):
    register(app, receiver, url=receiver.url.replace("http://", "https://"))  # a plain-HTTP server
    committed_event(app)
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.last_status_code) == ("pending", None)
    assert "SSL" in delivery.last_error and receiver.received == []


def test_a_disabled_endpoint_alerts_the_admins_until_it_is_enabled_again(app, receiver):
    admin = signed_in_client(app, "admin")  # an active admin, whom the alert is emailed to
    endpoint_id = register(app, receiver)
    receiver.answers = [410]
    committed_event(app)
    with app.app_context():
        [alert] = db.session.scalars(select(Notification).where(Notification.kind == "webhooks")).all()
        assert (alert.cause, alert.title, alert.cleared_at) == (
            f"endpoint:{endpoint_id}",
            "Webhook endpoint disabled",
            None,
        )
        assert "410 Gone" in alert.body and "127.0.0.1" in alert.body
        [mail] = db.session.scalars(
            select(OutgoingMail).where(OutgoingMail.subject.contains("disabled"))
        ).all()
        assert mail.recipient == staff_email("admin")
    assert "Webhook endpoint disabled" in admin.get("/admin/notifications").get_data(as_text=True)
    values = EndpointInput(receiver.url, "tests", ["lead.created"], True)
    with app.app_context():
        update_endpoint(db.session.get(WebhookEndpoint, endpoint_id), values, None)
        assert db.session.get(Notification, alert.id).cleared_at is not None
