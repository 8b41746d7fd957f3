"""A feedback belongs to its person's lead: the visitor's current lead, or the lead of the email
given (one lead per email; a new email makes the lead as the contact form would). A public
submission never overwrites what a known lead holds. The lead keeps its feedback count, average and
latest rating."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import LeadVisitor, SubmittedDetail
from tests.feedback.helpers import browser, feedback_row, give_feedback, leads, leave_contact


def test_a_visitor_with_a_lead_gives_feedback_to_that_lead(app):
    client = browser(app)
    leave_contact(client, "ana@example.com")
    first = give_feedback(client, rating=4)
    second = give_feedback(client, rating=1)
    (lead,) = leads(app)
    assert feedback_row(app, first).lead_id == feedback_row(app, second).lead_id == lead.id
    assert (lead.feedback_count, lead.feedback_average, lead.feedback_latest_rating) == (2, 2.5, 1)


def test_a_visitor_without_a_lead_gives_anonymous_feedback(app):
    client = browser(app)
    assert feedback_row(app, give_feedback(client)).lead_id is None
    assert leads(app) == []


def test_a_new_email_makes_its_lead_with_the_visitor_linked(app):
    client = browser(app)
    feedback_id = give_feedback(
        client, email="Ana@Example.com", name="Ana Lopez", organisation="Lopez Dental"
    )
    (lead,) = leads(app)
    assert (lead.email, lead.name, lead.company) == ("ana@example.com", "Ana Lopez", "Lopez Dental")
    assert (lead.feedback_count, lead.feedback_average, lead.feedback_latest_rating) == (1, 5.0, 5)
    row = feedback_row(app, feedback_id)
    assert (row.lead_id, row.email, row.name) == (lead.id, "ana@example.com", "Ana Lopez")
    with app.app_context():
        assert db.session.scalar(select(LeadVisitor.visitor_id)) == row.visitor_id


def test_a_known_email_from_another_browser_keeps_the_leads_details(app):
    client = browser(app)
    leave_contact(client, "ana@example.com", name="Ana Lopez", company="Lopez Dental")
    stranger = browser(app)
    feedback_id = give_feedback(
        stranger, rating=2, email="ANA@example.com", name="Mallory", organisation="Nosy Inc"
    )
    (lead,) = leads(app)
    assert (lead.name, lead.company) == ("Ana Lopez", "Lopez Dental")
    assert (lead.feedback_count, lead.feedback_latest_rating) == (1, 2)
    assert feedback_row(app, feedback_id).lead_id == lead.id
    with app.app_context():
        pending = db.session.scalars(select(SubmittedDetail.value).where(SubmittedDetail.state == "pending"))
        assert sorted(pending) == ["Mallory", "Nosy Inc"]


def test_the_email_given_wins_over_the_visitors_current_lead(app):
    client = browser(app)
    leave_contact(client, "ana@example.com")
    feedback_id = give_feedback(client, email="bob@example.com")  # a shared computer
    ana, bob = leads(app)
    assert feedback_row(app, feedback_id).lead_id == bob.id
    assert (ana.feedback_count, bob.feedback_count) == (0, 1)


def test_without_tracking_consent_an_email_still_links_the_lead(make_app):
    app = make_app(TRACKING_CONSENT="required")
    feedback_id = give_feedback(app.test_client(), email="ana@example.com", rating=3)
    (lead,) = leads(app)
    row = feedback_row(app, feedback_id)
    assert (row.lead_id, row.visitor_id) == (lead.id, None)
    assert (lead.feedback_count, lead.feedback_average) == (1, 3.0)
    with app.app_context():
        assert db.session.scalar(select(LeadVisitor.visitor_id)) is None
