"""Score decay reaches HubSpot: the daily job moves a lead to medium on the day its half-life says."""

from datetime import UTC, datetime

from sqlalchemy import select

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Interaction, Lead
from leadcapture.tracking import VisitContext, record_interaction
from leadcapture.visitor_scores.decay import decay_scores
from tests.clock import ManualClock
from tests.sync.helpers import wait_until
from tests.visitor_scores.helpers import CALC_BIG, decay_on

DAY = 86400


def hubspot_holds(fake_hubspot, email: str, **expected) -> dict:
    def holds():
        properties = fake_hubspot.contacts.get(email, {}).get("properties", {})
        return properties if expected.items() <= properties.items() else None

    return wait_until(holds, what=f"HubSpot to hold {expected} for {email}")


def at(clock: ManualClock) -> datetime:
    return datetime.fromtimestamp(clock(), UTC).replace(tzinfo=None)


def test_a_lead_drops_from_high_to_medium_on_the_day_its_half_life_says(synced_app, fake_hubspot):
    app = synced_app()
    with app.app_context():
        decay_on(half_life_days=30)
        recorded = record_interaction(VisitContext(page_url="https://clinic.example/"), *CALC_BIG)
        lead = capture_scored_lead(
            recorded.visit, ContactDetails(email="ana@example.com"), recorded.interaction.id
        ).lead
        lead_id = lead.id
        used_at = db.session.scalar(select(Interaction.created_at))
        db.session.commit()
    hubspot_holds(fake_hubspot, "ana@example.com", leadcapture_score="100", leadcapture_engagement="high")
    clock = ManualClock(used_at.replace(tzinfo=UTC).timestamp())
    with app.app_context():
        clock.advance(27 * DAY)  # 130 * 2^(-27/30), rule by rule: 38 + 8 + 11 + 13 = 70, still high
        assert decay_scores(at(clock)).changed_leads == 0
        assert db.session.get(Lead, lead_id).engagement_level == "high"
        clock.advance(DAY)  # day 28: 37 + 8 + 10 + 13 = 68
        assert decay_scores(at(clock)).changed_leads == 1
        lead = db.session.get(Lead, lead_id)
        assert (lead.score, lead.engagement_level) == (68, "medium")
        db.session.rollback()
    hubspot_holds(fake_hubspot, "ana@example.com", leadcapture_score="68", leadcapture_engagement="medium")
