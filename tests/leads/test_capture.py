"""Lead capture: one lead per email, merges that keep the known lead and what it holds, attribution,
consent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.contact_fields import ContactError, normalise_email, normalise_phone
from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Lead, LeadVisitor, SubmittedDetail
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.tracking import VisitContext, record_interaction, track_visit
from leadcapture.visitor_scores.form_decision import current_lead
from tests.live import at_once, post_json, serve

CALC = {"procedures": ["botox"], "budget_range": "under_1k", "urgency": "flexible"}
SPRING = "https://clinic.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring"
NEWSLETTER = "https://clinic.example/tools?utm_source=newsletter&utm_medium=email&utm_campaign=nov"
CONSENT = "Yes, send me offers by email. I can unsubscribe at any time."


def visit_with_tool(page_url, tool="cost_calculator", data=CALC, now=None, visitor_id=None):
    ctx = VisitContext(visitor_id=visitor_id, page_url=page_url, now=now or utcnow())
    return record_interaction(ctx, tool, data)


def test_new_email_creates_a_scored_attributed_lead(app_ctx):
    start = utcnow() - timedelta(days=3)
    first_visit = track_visit(VisitContext(page_url=SPRING, now=start))
    recorded = visit_with_tool(NEWSLETTER, visitor_id=first_visit.visitor.id)

    captured = capture_scored_lead(
        recorded.visit,
        ContactDetails(
            email="  Ana.Lopez@Example.COM ", name="Ana", consent_marketing=True, consent_text=CONSENT
        ),
        interaction_id=recorded.interaction.id,
    )

    lead = captured.lead
    assert captured.created and lead.email == "ana.lopez@example.com" and lead.status == "new"
    assert (lead.score, lead.engagement_level, lead.rule_set_version) == (70, "high", 1)
    assert lead.converting_interaction_id == recorded.interaction.id
    assert (lead.first_utm_source, lead.first_utm_campaign, lead.first_referrer_class) == (
        "google",
        "spring",
        "search",
    )
    assert (lead.converting_utm_source, lead.converting_utm_campaign) == ("newsletter", "nov")
    assert lead.converting_referrer_class == "email"
    assert lead.consent_marketing and lead.consent_text == CONSENT and lead.consent_at is not None


def test_same_email_from_a_second_visitor_keeps_the_lead_and_rescoring_covers_both(app_ctx):
    laptop = visit_with_tool(SPRING, "ai_recommendation", {"query": "wrinkles"})
    first = capture_scored_lead(laptop.visit, ContactDetails(email="bo@example.com", name="Bo"))
    first.lead.hubspot_contact_id = "hs-123"
    db.session.commit()
    phone = visit_with_tool(NEWSLETTER)

    second = capture_scored_lead(
        phone.visit, ContactDetails(email="BO@example.com", name="Robert", phone="+14155550100")
    )

    assert not second.created and second.lead.id == first.lead.id
    assert second.lead.hubspot_contact_id == "hs-123"
    assert second.lead.name == "Bo"  # never overwritten by a public submission: staff decide
    assert second.lead.phone == "+14155550100"  # an empty field is filled
    assert second.lead.score == 75  # max(60, 70) + 5: both visitors' interactions
    assert db.session.scalar(select(func.count()).select_from(Lead)) == 1
    linked = set(
        db.session.scalars(select(LeadVisitor.visitor_id).where(LeadVisitor.lead_id == first.lead.id))
    )
    assert linked == {laptop.visit.visitor.id, phone.visit.visitor.id}
    assert second.lead.first_utm_campaign == "spring"  # the earliest session of either visitor
    submitted = db.session.execute(
        select(
            SubmittedDetail.visitor_id, SubmittedDetail.field, SubmittedDetail.value, SubmittedDetail.state
        ).order_by(SubmittedDetail.id)
    ).all()
    assert [tuple(row) for row in submitted] == [
        (laptop.visit.visitor.id, "name", "Bo", "filled"),
        (phone.visit.visitor.id, "name", "Robert", "pending"),
        (phone.visit.visitor.id, "phone", "+14155550100", "filled"),
    ]


def test_shared_computer_creates_the_other_lead_and_keeps_the_first(app_ctx):
    shared = visit_with_tool(SPRING)
    lead_a = capture_scored_lead(shared.visit, ContactDetails(email="a@example.com")).lead
    again = visit_with_tool(
        SPRING, "ai_recommendation", {"query": "acne"}, visitor_id=shared.visit.visitor.id
    )

    lead_b = capture_scored_lead(again.visit, ContactDetails(email="b@example.com")).lead

    assert lead_a.id != lead_b.id
    assert current_lead(shared.visit.visitor.id).id == lead_b.id
    assert db.session.get(LeadVisitor, (lead_a.id, shared.visit.visitor.id)) is not None
    assert db.session.get(Lead, lead_a.id).email == "a@example.com"


def test_unticked_consent_later_does_not_withdraw_it(app_ctx):
    recorded = visit_with_tool(SPRING)
    capture_scored_lead(
        recorded.visit, ContactDetails(email="c@example.com", consent_marketing=True, consent_text=CONSENT)
    )
    lead = capture_scored_lead(
        recorded.visit, ContactDetails(email="c@example.com", consent_marketing=False, consent_text=CONSENT)
    ).lead
    assert lead.consent_marketing


def test_twenty_concurrent_submissions_of_one_new_email_make_one_lead(postgres_app):
    with postgres_app.app_context():
        seed_catalog()
    with serve(postgres_app) as url:
        visitors = [
            post_json(f"{url}/api/v1/tools/cost_calculator", CALC)[1]["visitor_id"] for _ in range(20)
        ]

        def submit(index):
            body = {"visitor_id": visitors[index], "email": "race@example.com", "name": "Race"}
            return post_json(f"{url}/api/v1/leads", body)

        answers = at_once(20, submit)

    assert [status for status, _ in answers] == [201] * 20
    assert {frozenset(body) for _, body in answers} == {
        frozenset({"accepted", "visitor_id", "lead_score", "engagement_level"})
    }
    with postgres_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Lead)) == 1
        assert db.session.scalar(select(func.count()).select_from(LeadVisitor)) == 20


@pytest.mark.parametrize("bad", ["not-an-email", "a@b", "", "x@example.test"])
def test_invalid_emails_are_refused(bad):
    with pytest.raises(ContactError) as refused:
        normalise_email(bad)
    assert "email" in refused.value.fields


@pytest.mark.parametrize(
    ("given", "e164"), [("(415) 555-0100", "+14155550100"), ("+44 20 7946 0958", "+442079460958")]
)
def test_phone_numbers_are_normalised_to_e164(given, e164):
    assert normalise_phone(given) == e164


def test_invalid_phone_is_refused():
    with pytest.raises(ContactError):
        normalise_phone("12")
