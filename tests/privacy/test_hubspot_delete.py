"""HubSpot's side of an erasure: the contact's gdpr-delete through the outbox, retried like any
sync; nothing queued for the person re-creates them; the same email later is a new contact."""

from datetime import timedelta

from hubspot.crm.contacts import PublicGdprDeleteInput
from sqlalchemy import select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models import ErasedEmail, Lead, SyncOutbox
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.person import find_lead, person_of
from leadcapture.sync.erasure import CONTACT_DELETE
from tests.privacy.erasing import erase, gdpr_deletes
from tests.privacy.people import ANN, browser, leave_contact, make_person, sync_now
from tests.privacy.search import rows_holding


def delete_row() -> SyncOutbox:
    return db.session.scalars(select(SyncOutbox).where(SyncOutbox.reason == CONTACT_DELETE)).one()


def test_the_delete_is_retried_after_a_429_and_a_503(privacy_app, fake_hubspot):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    fake_hubspot.fail_next(1, status=429)
    fake_hubspot.fail_next(1, status=503)
    assert erase(privacy_app, fake_hubspot, ANN.email).exit_code == 0
    assert [seen.status for seen in gdpr_deletes(fake_hubspot)] == [429, 503, 204]
    assert fake_hubspot.contacts == {}
    with privacy_app.app_context():
        row = delete_row()
        assert (row.status, row.attempts, row.payload, row.last_error) == ("synced", 2, None, None)
        assert db.session.get(ErasedEmail, email_hash(ANN.email)).contact_deleted_at is not None


def test_a_contact_already_gone_is_deleted_by_email_and_counts_as_done(privacy_app, fake_hubspot):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    with privacy_app.app_context():
        contact_id = find_lead(ANN.email).hubspot_contact_id
    # Someone deleted it in HubSpot.
    fake_hubspot.client().crm.contacts.basic_api.purge(PublicGdprDeleteInput(object_id=contact_id))
    assert erase(privacy_app, fake_hubspot, ANN.email).exit_code == 0
    assert [(seen.status, seen.body) for seen in gdpr_deletes(fake_hubspot)] == [
        (204, {"objectId": contact_id}),
        (404, {"objectId": contact_id}),
        (204, {"idProperty": "email", "objectId": ANN.email}),
    ]
    assert fake_hubspot.blocked_emails == {ANN.email}
    with privacy_app.app_context():
        assert delete_row().status == "synced"


def test_changes_queued_before_or_made_after_the_erasure_never_reach_hubspot(privacy_app, fake_hubspot):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    with privacy_app.app_context():
        find_lead(ANN.email).company = "Lee Skin Studio Ltd"
        db.session.commit()  # queued (HubSpot has no token now), not sent
        lead_id = find_lead(ANN.email).id
        assert erase_person(ANN.email).found
        db.session.get(Lead, lead_id).score = 12  # a rescore of the erased lead writes a row too
        db.session.commit()
        upserts_before = len([seen for seen in fake_hubspot.requests if seen.path.endswith("/batch/upsert")])
        report = sync_now(privacy_app, fake_hubspot)
        assert db.session.scalars(select(SyncOutbox.reason)).all() == [CONTACT_DELETE]
    assert report.synced == 1
    upserts = [seen for seen in fake_hubspot.requests if seen.path.endswith("/batch/upsert")]
    assert len(upserts) == upserts_before and fake_hubspot.contacts == {}


def test_the_same_email_later_is_a_new_contact_once_the_old_one_is_deleted(privacy_app, fake_hubspot):
    privacy_app.extensions["inline_jobs"].shutdown()  # jobs run only when this test runs them
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    with privacy_app.app_context():
        old_id = find_lead(ANN.email).id
        erase_person(ANN.email)
        fake_hubspot.fail_next(1, status=503)
        sync_now(privacy_app, fake_hubspot)  # the delete fails and backs off...
        delete_row().next_attempt_at = utcnow() + timedelta(minutes=30)  # ...for long (an outage)
        db.session.commit()
    leave_contact(browser(privacy_app, ANN), ANN)
    with privacy_app.app_context():
        new_id = find_lead(ANN.email).id
        assert new_id != old_id
        sync_now(privacy_app, fake_hubspot)  # the delete is not due yet: the new lead waits
        waiting = db.session.scalars(select(SyncOutbox).where(SyncOutbox.lead_id == new_id)).one()
        assert waiting.status == "pending" and "waiting for HubSpot to delete" in waiting.last_error
        assert ANN.email in fake_hubspot.contacts  # the old contact, still there
        later = utcnow() + timedelta(hours=1)
        sync_now(privacy_app, fake_hubspot, clock=lambda: later)
        assert delete_row().status == "synced" and waiting.status == "synced"
    contact = fake_hubspot.contacts[ANN.email]
    assert contact["properties"]["leadcapture_lead_id"] == str(new_id)
    assert [seen.status for seen in gdpr_deletes(fake_hubspot)] == [503, 204]


def test_without_hubspot_a_lead_it_never_had_leaves_no_delete_to_send(privacy_app, fake_hubspot):
    with privacy_app.app_context():
        seed_catalog()
    leave_contact(browser(privacy_app, ANN), ANN)  # HubSpot is not configured: never synced
    with privacy_app.app_context():
        visitor_ids = person_of(find_lead(ANN.email)).visitor_ids
        assert erase_person(ANN.email).found
        assert db.session.scalars(select(SyncOutbox)).all() == []
        assert rows_holding([ANN.email, ANN.name, ANN.phone, *visitor_ids]) == {}
        assert db.session.get(ErasedEmail, email_hash(ANN.email)).contact_deleted_at is not None
    assert fake_hubspot.requests == []
