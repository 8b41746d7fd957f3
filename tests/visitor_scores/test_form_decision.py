"""The progressive form decision: threshold, known fields, cooldown after a dismissal, prompt limit."""

from datetime import timedelta

from leadcapture.extensions import db
from leadcapture.leads.submitted import fields_given
from leadcapture.models import VisitSession
from leadcapture.models.types import utcnow
from leadcapture.prompts import mark_prompt, offer_prompt
from leadcapture.scoring_rules.draft import update_settings
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.scoring_rules.versions import publish
from leadcapture.tracking import Visit
from leadcapture.visitor_scores.form_decision import current_lead, decide_form
from tests.visitor_scores.helpers import AI, give, make_lead, make_visitor, session_of


def decide(visitor_id, score, now=None):
    session = db.session.get(VisitSession, session_of(visitor_id))
    visit = Visit(session.visitor, session, new_session=False)
    lead = current_lead(visitor_id)
    given = fields_given(visitor_id, lead.id) if lead else set()
    return decide_form(visit, given, score, live_rules(), now or utcnow())


def test_offered_from_the_threshold_with_email_first(app_ctx):
    visitor = make_visitor([AI])
    below = decide(visitor, 59)
    assert (below.offer, below.reason) == (False, "below_threshold")
    offered = decide(visitor, 60)
    assert offered.offer and offered.fields == ["email", "name", "phone"]


def test_fields_the_visitor_gave_are_skipped_and_nothing_left_means_no_form(app_ctx):
    visitor = make_visitor([AI])
    give(visitor, make_lead("cy@example.com", visitor, name="Cy"), name="Cy")
    assert decide(visitor, 80).fields == ["phone", "preferred_contact_time", "company"]
    other = make_visitor([AI])
    details = {"name": "Di", "phone": "+14155550100", "preferred_contact_time": "morning", "company": "Acme"}
    give(other, make_lead("di@example.com", other, **details), **details)
    decision = decide(other, 80)
    assert (decision.offer, decision.reason) == (False, "nothing_to_ask")


def test_what_the_lead_holds_from_another_visitor_is_not_skipped(app_ctx):
    laptop, phone = make_visitor([AI]), make_visitor([AI])
    details = {"name": "Di", "phone": "+14155550100", "preferred_contact_time": "morning", "company": "Acme"}
    lead = make_lead("di@example.com", laptop, phone, **details)
    give(laptop, lead, **details)
    assert decide(phone, 80).fields == ["name", "phone", "preferred_contact_time"]  # email: they typed it


def test_no_new_offer_during_the_cooldown_after_a_dismissal(app_ctx):
    visitor = make_visitor([AI])
    now = utcnow()
    prompt = offer_prompt(visitor, session_of(visitor), ["email"], 70, now=now)
    mark_prompt(prompt, "dismissed", now=now)
    db.session.commit()
    cooldown = decide(visitor, 70, now=now + timedelta(seconds=599))
    assert (cooldown.offer, cooldown.reason) == (False, "cooldown")
    assert decide(visitor, 70, now=now + timedelta(seconds=600)).offer


def test_prompt_limit_per_session(app_ctx):
    visitor = make_visitor([AI])
    for _ in range(2):
        offer_prompt(visitor, session_of(visitor), ["email"], 70)
    db.session.commit()
    limited = decide(visitor, 70)
    assert (limited.offer, limited.reason) == (False, "session_limit")


def test_published_settings_drive_the_decision(app_ctx):
    seed_default_rules()
    update_settings({"form_threshold": 80, "max_fields_per_form": 1}, actor="a")
    visitor = make_visitor([AI])
    assert decide(visitor, 79).offer  # draft settings are not live yet
    publish("a")
    assert not decide(visitor, 79).offer
    assert decide(visitor, 80).fields == ["email"]
