"""Scoring a tool use of a returning visitor: both scores stored, the form decided on the visitor's own
score and the fields they gave."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Interaction, VisitorScore, VisitSession
from leadcapture.models.types import utcnow
from leadcapture.scoring_rules.live import live_rules
from leadcapture.tracking import RecordedInteraction, Visit
from leadcapture.visitor_scores.tool_use import score_and_decide
from tests.visitor_scores.helpers import AI, CALC_SMALL, give, make_lead, make_visitor, session_of


@pytest.mark.parametrize("captured", [False, True])
def test_the_form_is_decided_on_the_visitor_s_own_score_and_fields(app_ctx, captured):
    laptop, phone = make_visitor([AI]), make_visitor([CALC_SMALL])
    lead = make_lead("ana@example.com", laptop, phone, name="Ana", company="Acme")
    give(laptop, lead, name="Ana")
    give(phone, lead, company="Acme")
    session = db.session.get(VisitSession, session_of(phone))
    interaction = db.session.scalars(select(Interaction).where(Interaction.visitor_id == phone)).one()
    recorded = RecordedInteraction(Visit(session.visitor, session, new_session=False), interaction, False)
    use = score_and_decide(recorded, live_rules(), utcnow(), lead if captured else None)
    assert (use.scored.result.score, lead.score) == (70, 75)  # its own; the lead's max(60, 70) + 5 for staff
    assert db.session.get(VisitorScore, phone).score == 70
    assert use.decision.offer and use.decision.fields == ["name", "phone", "preferred_contact_time"]
