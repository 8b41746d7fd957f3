"""`flask privacy erase EMAIL`: per kind of data, afterwards no row of any table and no file of any
media folder holds the person's email, name, phone or visitor ids, every report counts what it
counted before, and HubSpot got the contact's gdpr-delete; someone else's data stays."""

import pytest
from sqlalchemy import select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models import ErasedEmail, Lead, PrivacyRequest
from leadcapture.privacy.person import find_lead
from leadcapture.rollups.rebuild import queue_everything
from leadcapture.rollups.refresh import refresh_rollups
from tests.privacy.erasing import erase, gdpr_deletes
from tests.privacy.people import AFTER_LEAD, ANN, BOB, KINDS, make_person
from tests.privacy.reports import report_figures
from tests.privacy.search import files_holding, rows_holding

pytestmark = pytest.mark.heavy

EVERY_KIND = [*KINDS, *AFTER_LEAD]
# Where each kind's data is found by its person's email, name, phone or visitor ids before the
# erasure (besides the lead, the visitors and the sessions), and which kinds store files.
FOUND_IN = {
    "tool uses and prompts": {"interactions", "contact_prompts", "visitor_scores"},
    "second browser": {"lead_visitors"},
    "behaviour events": {"behaviour_events"},
    "booking": {"bookings"},
    "feedback": {"feedback"},
    "sales notes and status": {"lead_notes"},
    "HubSpot failure": {"hubspot_outbox"},
    "submitted details": {"submitted_details"},
    "consent answers": {"tracking_consents"},
    "privacy mail": {"outgoing_mail"},
}
WITH_FILES = {"face photo", "voice note", "recommendation photo"}


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_after_erasure_nothing_holds_the_person_and_reports_are_unchanged(privacy_app, fake_hubspot, kind):
    app = privacy_app
    bob = make_person(app, fake_hubspot, BOB, [kind])
    ann = make_person(app, fake_hubspot, ANN, [kind])
    with app.app_context():
        assert set(rows_holding(ann.needles)) >= {
            "leads",
            "visitors",
            "visit_sessions",
            *FOUND_IN.get(kind, ()),
        }
        assert bool(ann.files) == (kind in WITH_FILES)
        contact_id = find_lead(ANN.email).hubspot_contact_id
        before = report_figures()

    result = erase(app, fake_hubspot, ANN.email)

    assert result.exit_code == 0 and result.output.startswith(f"Erased {ANN.email}: erased rows:")
    with app.app_context():
        assert rows_holding(ann.needles) == {}
        assert files_holding(ann.needles) == [] and not any(path.exists() for path in ann.files)
        assert report_figures() == before
        assert set(rows_holding(bob.needles)) >= {"leads", "visitors", "visit_sessions"}
        assert all(path.exists() for path in bob.files)
    assert [seen.body for seen in gdpr_deletes(fake_hubspot)] == [{"objectId": contact_id}]
    assert set(fake_hubspot.contacts) == {BOB.email}


def test_everything_at_once_and_a_rebuild_of_the_rollups_counts_the_same(privacy_app, fake_hubspot):
    app = privacy_app
    make_person(app, fake_hubspot, BOB, ["tool uses and prompts", "booking"])
    ann = make_person(app, fake_hubspot, ANN, EVERY_KIND)
    with app.app_context():
        before = report_figures()
    assert erase(app, fake_hubspot, ANN.email).exit_code == 0
    with app.app_context():
        assert rows_holding(ann.needles) == {} and files_holding(ann.needles) == []
        queue_everything()
        refresh_rollups()
        assert report_figures() == before


def test_erasing_again_or_an_unknown_email_finds_nothing_and_succeeds(privacy_app, fake_hubspot):
    app = privacy_app
    make_person(app, fake_hubspot, ANN, ["contact form"])
    assert erase(app, fake_hubspot, " Ann.Lee@EXAMPLE.com").exit_code == 0
    again = erase(app, fake_hubspot, ANN.email)
    unknown = erase(app, fake_hubspot, "nobody@example.com")
    invalid = erase(app, fake_hubspot, "not an email")
    for result, email in ((again, ANN.email), (unknown, "nobody@example.com"), (invalid, "not an email")):
        assert (result.exit_code, result.output) == (0, f"Nothing stored for {email}: nothing to erase.\n")
    assert len(gdpr_deletes(fake_hubspot)) == 1
    with app.app_context():
        logged = db.session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.requested_at)).all()
        assert [(r.kind, r.channel, r.status) for r in logged] == [("erase", "cli", "done")] * 4
        assert logged[0].outcome.startswith("erased rows: hubspot_outbox")
        assert [r.outcome for r in logged[1:]] == ["nothing stored for this email"] * 3
        assert logged[0].email_hash == logged[1].email_hash == email_hash(ANN.email)
        erased = db.session.get(ErasedEmail, email_hash(ANN.email))
        assert erased.contact_deleted_at is not None
        lead = db.session.scalars(select(Lead)).one()
        assert lead.erased_at is not None and lead.email.endswith("@erased.invalid")
