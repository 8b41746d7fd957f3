"""Withdrawing a lead's marketing consent from the lead page (admins and sales, with CSRF): recorded
with time and who, logged as a privacy request, queued for HubSpot; and the service the
self-service page calls."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models import Lead, MarketingConsentWithdrawal, PrivacyRequest, SyncOutbox
from leadcapture.privacy.marketing_consent import withdraw_marketing_consent
from tests.admin.lead_data import CONSENT, make_lead, user_id
from tests.admin.signin import signed_in_client, staff_email

WHEN = datetime(2026, 3, 2, 10, 30)


@pytest.fixture
def lead_id(app):
    with app.app_context():
        lead = make_lead("ann@example.com", consent_marketing=True, consent_at=WHEN, consent_text=CONSENT)
        db.session.commit()
        return lead.id


def withdraw(client, lead_id, **data):
    return client.post(f"/admin/leads/{lead_id}/consent/withdraw", data=data)


def stored(app, lead_id):
    """The lead's consent, its withdrawals, the privacy log and the outbox reasons after creation."""
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        withdrawals = db.session.scalars(select(MarketingConsentWithdrawal)).all()
        log = db.session.scalars(select(PrivacyRequest)).all()
        reasons = db.session.scalars(select(SyncOutbox.reason).where(SyncOutbox.reason != "created")).all()
        db.session.expunge_all()
    return lead, withdrawals, log, reasons


@pytest.mark.parametrize("role", ["sales", "admin"])
def test_staff_withdraw_it_from_the_lead_page(app, lead_id, role):
    client = signed_in_client(app, role)
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert 'data-testid="withdraw-marketing-consent"' in page

    response = withdraw(client, lead_id)
    assert response.status_code == 303 and response.location.endswith(f"/admin/leads/{lead_id}")
    lead, [withdrawal], [logged], reasons = stored(app, lead_id)
    assert lead.consent_marketing is False
    with app.app_context():
        actor = user_id(staff_email(role), role)
        assert logged.email_hash == email_hash("ann@example.com")
    assert (withdrawal.lead_id, withdrawal.channel, withdrawal.actor_id) == (lead_id, "admin", actor)
    assert (logged.kind, logged.channel, logged.actor_id, logged.status) == (
        "withdraw_consent",
        "admin",
        actor,
        "done",
    )
    assert logged.outcome == "marketing consent withdrawn" and logged.completed_at == withdrawal.created_at
    assert reasons == ["consent"]

    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "Marketing consent withdrawn." in page
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    assert re.search(
        rf"Marketing consent: <strong>withdrawn</strong> on {when}\s+by {role}@example\.com\.", page
    )
    assert 'data-testid="withdraw-marketing-consent"' not in page


def test_withdrawing_again_changes_nothing_but_is_logged(app, lead_id):
    client = signed_in_client(app, "sales")
    withdraw(client, lead_id)
    response = withdraw(client, lead_id)
    assert response.status_code == 303
    assert "No marketing consent to withdraw." in client.get(response.location).get_data(as_text=True)
    _, withdrawals, log, reasons = stored(app, lead_id)
    assert len(withdrawals) == 1 and reasons == ["consent"]
    assert [entry.outcome for entry in log] == [
        "marketing consent withdrawn",
        "no marketing consent to withdraw",
    ]


def test_marketing_cannot_and_an_unknown_lead_is_404(app, lead_id):
    assert withdraw(signed_in_client(app, "marketing"), lead_id).status_code == 403
    assert withdraw(signed_in_client(app, "sales"), lead_id + 1000).status_code == 404
    lead, withdrawals, log, _ = stored(app, lead_id)
    assert lead.consent_marketing is True and withdrawals == [] and log == []


def test_it_needs_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        lead = make_lead("bo@example.com", consent_marketing=True, consent_at=WHEN)
        db.session.commit()
        lead_id = lead.id
    client = signed_in_client(app, "sales")
    refused = withdraw(client, lead_id)
    assert refused.status_code == 400 and "The CSRF token is missing." in refused.get_data(as_text=True)
    assert stored(app, lead_id)[0].consent_marketing is True
    page_token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    )
    assert withdraw(client, lead_id, csrf_token=page_token.group(1)).status_code == 303
    assert stored(app, lead_id)[0].consent_marketing is False


def test_the_person_withdraws_it_through_the_service(app, lead_id):
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        assert withdraw_marketing_consent(lead, WHEN, "self_service") == "marketing consent withdrawn"
        assert withdraw_marketing_consent(lead, WHEN, "self_service") == "no marketing consent to withdraw"
        db.session.commit()
    # The self-service request logs itself (tests/privacy/test_self_service.py).
    lead, [withdrawal], log, reasons = stored(app, lead_id)
    assert (withdrawal.channel, withdrawal.actor_id, withdrawal.created_at) == ("self_service", None, WHEN)
    assert log == []
    assert reasons == ["consent"]
    page = signed_in_client(app, "sales").get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "withdrawn</strong> on 2026-03-02 10:30 UTC\n          by the person." in page
