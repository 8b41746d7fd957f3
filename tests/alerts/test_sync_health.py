"""The sync-health rule: HubSpot rejecting our credentials, dead-lettered changes and a change
waiting too long each open one alert (emailed once), which clears when the sync is healthy again.
Time is the ``now`` the job is given."""

from datetime import timedelta

from sqlalchemy import select, update

from leadcapture.alerts.evaluate import evaluate_alerts
from leadcapture.alerts.rules import save_rule
from leadcapture.extensions import db
from leadcapture.models import SyncOutbox
from leadcapture.sync.job import sync_pending
from leadcapture.sync.status import retry
from tests.alerts.helpers import enable, mails_to, notifications, open_ones
from tests.sync.helpers import submit_lead

OPS = "ops@example.com"


def test_rejected_credentials_alert_until_hubspot_accepts_them_again(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        enable("sync_health", recipients=OPS)
        submit_lead("tok@example.com")
        app.config["HUBSPOT_ACCESS_TOKEN"] = "wrong-token"
        assert sync_pending().stopped == "credentials rejected"
        assert evaluate_alerts()["sync_health"].opened == 1
        assert evaluate_alerts()["sync_health"].opened == 0  # still open: not again
        [alert] = notifications("sync_health")
        assert (alert.cause, alert.title, alert.for_role) == (
            "credentials",
            "HubSpot rejected our credentials",
            "admin",
        )
        assert "(401)" in alert.body
        assert [mail.subject for mail in mails_to(OPS)] == [alert.title]
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sync_pending().synced == 1
        assert evaluate_alerts()["sync_health"].cleared == 1
        assert open_ones() == {} and notifications()[0].cleared_at is not None


def test_dead_letters_alert_from_the_threshold_and_clear_once_retried(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        enable("sync_health", dead_letters=2)
        for number in range(2):
            submit_lead(f"lead{number}@example.com")
        first, second = db.session.scalars(select(SyncOutbox.id).order_by(SyncOutbox.id))
        db.session.execute(update(SyncOutbox).where(SyncOutbox.id == first).values(status="dead"))
        assert evaluate_alerts()["sync_health"].opened == 0  # one is below the threshold
        db.session.execute(update(SyncOutbox).where(SyncOutbox.id == second).values(status="dead"))
        evaluate_alerts()
        assert open_ones()["dead_letters"].title == "2 changes dead-lettered for HubSpot"
        assert retry(None) == 2
        evaluate_alerts()
        assert open_ones() == {}


def test_a_change_waiting_too_long_alerts_while_hubspot_is_configured(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        enable("sync_health", pending_minutes=30)
        submit_lead("slow@example.com")
        written = db.session.scalar(select(SyncOutbox.created_at))
        assert evaluate_alerts(written + timedelta(hours=5))["sync_health"].opened == 0  # not configured
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert evaluate_alerts(written + timedelta(minutes=29))["sync_health"].opened == 0
        assert evaluate_alerts(written + timedelta(minutes=30))["sync_health"].opened == 1
        assert open_ones()["pending_age"].title == "A change has waited 30 minutes for HubSpot"
        assert evaluate_alerts(written + timedelta(minutes=45))["sync_health"].opened == 0
        assert sync_pending().synced == 1
        assert evaluate_alerts(written + timedelta(minutes=46))["sync_health"].cleared == 1


def test_switching_the_rule_off_clears_its_alerts(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        enable("sync_health", dead_letters=1)
        submit_lead("dead@example.com")
        db.session.execute(update(SyncOutbox).values(status="dead"))
        evaluate_alerts()
        assert list(open_ones()) == ["dead_letters"]
        save_rule("sync_health", False, {}, "", None)
        assert evaluate_alerts()["sync_health"].cleared == 1
        assert open_ones() == {}
