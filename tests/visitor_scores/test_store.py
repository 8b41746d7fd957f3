"""Scoring stored visitors and leads with the live rules; the SPEC examples through the database."""

import pytest

from leadcapture.extensions import db
from leadcapture.models import VisitorScore
from leadcapture.scoring_rules.live import live_rules
from leadcapture.visitor_scores.store import store_lead_score, store_visitor_score
from tests.visitor_scores.helpers import AI, CALC_BIG, CALC_SMALL, make_lead, make_visitor


def test_spec_examples_through_the_database(app_ctx):
    big = store_visitor_score(make_visitor([CALC_BIG]))
    assert (big.result.score, big.result.level) == (100, "high")
    assert [(i.rule, i.points) for i in big.result.breakdown] == [
        ("Cost calculator used", 70),
        ("Multiple procedures", 15),
        ("High budget", 20),
        ("Immediate urgency", 25),
    ]
    two_tools = store_visitor_score(make_visitor([AI, CALC_SMALL]))
    assert (two_tools.result.score, two_tools.result.level) == (75, "high")
    nothing = store_visitor_score(make_visitor([]))
    assert (nothing.result.score, nothing.result.level) == (0, "low")


def test_stored_score_keeps_the_version(app_ctx):
    visitor = make_visitor([CALC_SMALL])
    store_visitor_score(visitor)
    db.session.commit()
    stored = db.session.get(VisitorScore, visitor)
    assert (stored.score, stored.engagement_level, stored.rule_set_version) == (
        70,
        "high",
        live_rules().version,
    )
    assert stored.breakdown == [{"rule": "Cost calculator used", "kind": "base", "points": 70, "matches": 1}]


@pytest.mark.parametrize(("active_seconds", "score"), [(299, 60), (300, 75)])
def test_engagement_time_edge_from_session_active_time(app_ctx, active_seconds, score):
    assert store_visitor_score(make_visitor([AI], active_seconds=active_seconds)).result.score == score


def test_lead_is_scored_over_all_of_its_visitors(app_ctx):
    laptop = make_visitor([AI])
    phone = make_visitor([CALC_SMALL])
    lead = make_lead("ana@example.com", laptop, phone)
    scored = store_lead_score(lead)
    db.session.commit()
    assert scored.result.score == 75  # max(60, 70) + 5 for the second interaction
    assert (lead.score, lead.engagement_level, lead.rule_set_version) == (75, "high", live_rules().version)


def test_live_rules_are_compiled_once_and_refreshed_on_publish(app_ctx):
    from leadcapture.scoring_rules.versions import publish

    first = live_rules()
    assert live_rules() is first
    publish("tester", "no changes, new version")
    second = live_rules()
    assert second is not first and second.version == first.version + 1
