"""The rescore's batch path (found by bench/rescore.py) changes nothing: facts read by id range
with the sessions summed up by the database are the facts ``load_facts`` gives each visitor and
lead, and the scores ``rescore_all`` stores (one statement per batch on PostgreSQL) are the rows
the plain path, ``load_facts`` then ``visitor_score_row`` or ``lead_score_values``, gives."""

from datetime import timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Interaction, Lead, Visitor, VisitorScore, VisitSession
from leadcapture.models.types import new_id, utcnow
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.tracking.interactions import input_hash
from leadcapture.visitor_scores.batches import key_batches, range_facts, visitor_fact_batches
from leadcapture.visitor_scores.facts_loader import load_facts
from leadcapture.visitor_scores.rescore import rescore_all
from leadcapture.visitor_scores.store import lead_score_values, lead_visitor_ids, visitor_score_row
from tests.visitor_scores.helpers import AI, CALC_BIG, CALC_SMALL, decay_on, make_lead

BOOKING = ("appointment_booking", {"procedure": "botox", "urgency": "immediate"})
FACE = ("face_analysis", {"concerns": ["acne", "wrinkles"]})


def visitor_with(sessions: list[tuple[int, int]], interactions=(), days_ago: float = 0) -> str:
    """A visitor with a session per ``(minutes since last seen, active seconds)`` and the
    ``(tool, data)`` interactions, one a minute, the first ``days_ago`` days back (0: none)."""
    now = utcnow()
    visitor = Visitor(id=new_id(), created_at=now - timedelta(days=days_ago + 1))
    db.session.add(visitor)
    rows = [
        VisitSession(
            id=new_id(),
            visitor=visitor,
            started_at=now - timedelta(minutes=minutes + 10),
            last_seen_at=now - timedelta(minutes=minutes),
            active_seconds=active,
        )
        for minutes, active in sessions
    ]
    db.session.add_all(rows)
    db.session.flush()
    start = now - timedelta(days=days_ago)
    db.session.add_all(
        Interaction(
            visitor_id=visitor.id,
            session_id=rows[offset % len(rows)].id,
            tool=tool,
            data=data,
            input_hash=input_hash(tool, data),
            created_at=start + timedelta(minutes=offset),
        )
        for offset, (tool, data) in enumerate(interactions)
    )
    db.session.commit()
    return visitor.id


def population() -> list[str]:
    """Visitors of every shape the facts distinguish, in random id order."""
    return [
        visitor_with([]),  # no session, no interaction
        visitor_with([(5, 40)]),  # an ongoing visit only
        visitor_with([(5, 200), (90, 50), (60 * 24 * 3, 30)], [CALC_SMALL], days_ago=3),
        visitor_with([(45, 310)], [CALC_BIG]),
        visitor_with([(60 * 24 * 40, 20), (60 * 24 * 10, 0)], [CALC_SMALL, CALC_BIG, BOOKING], days_ago=40),
        visitor_with([(31, 0)], [AI], days_ago=1),
        visitor_with([(31, 0), (32, 0)], [AI, AI, AI, FACE, FACE], days_ago=1),
        visitor_with([], []),
        visitor_with([(60 * 24, 500)], [BOOKING], days_ago=1),
    ]


def leads_of(visitors: list[str]) -> list[int]:
    """Leads of one, two (one of them shared with another lead) and no visitors."""
    shared = visitors[2]
    leads = [
        make_lead("one@example.com", visitors[3]),
        make_lead("two@example.com", visitors[4], shared),
        make_lead("shared@example.com", shared, visitors[1]),
        make_lead("none@example.com"),
        make_lead("idle@example.com", visitors[0]),
    ]
    return [lead.id for lead in leads]


def plain_rows(visitor_ids: list[str], now) -> dict[str, dict]:
    live = live_rules()
    facts = load_facts({visitor_id: [visitor_id] for visitor_id in visitor_ids}, now)
    return {
        visitor_id: visitor_score_row(visitor_id, live.evaluate(facts[visitor_id]), live.version, now)
        for visitor_id in visitor_ids
    }


def stored_rows() -> dict[str, dict]:
    db.session.expire_all()
    scores = db.session.scalars(select(VisitorScore)).all()
    return {
        score.visitor_id: {
            "visitor_id": score.visitor_id,
            "score": score.score,
            "engagement_level": score.engagement_level,
            "breakdown": score.breakdown,
            "rule_set_version": score.rule_set_version,
            "computed_at": score.computed_at,
        }
        for score in scores
    }


def test_batch_facts_are_the_facts_each_visitor_has_alone(app_ctx):
    visitors = population()
    now = utcnow()

    batched = {}
    for ids, facts in visitor_fact_batches(3, now):
        assert list(facts) == ids
        batched |= facts

    assert set(batched) == set(visitors)
    plain = load_facts({visitor_id: [visitor_id] for visitor_id in visitors}, now)
    assert batched == plain
    assert {facts.session_count for facts in batched.values()} == {0, 1, 2, 3}
    assert any(facts.days_since_last_visit is None and facts.session_count for facts in batched.values())


def test_batch_facts_of_leads_are_the_facts_of_all_their_visitors(app_ctx):
    leads = leads_of(population())
    now = utcnow()

    batched = {}
    for ids in key_batches(Lead.id, 2):
        batched |= range_facts(ids, now, leads=True)

    assert batched == load_facts(lead_visitor_ids(leads), now)
    assert [batched[lead].session_count for lead in leads] == [1, 5, 4, 0, 0]


def plain_lead_rows(lead_ids: list[int], now) -> dict[int, dict]:
    live = live_rules()
    facts = load_facts(lead_visitor_ids(lead_ids), now)
    return {
        lead: lead_score_values(facts[lead], live.evaluate(facts[lead]), live.version) for lead in lead_ids
    }


def stored_lead_rows() -> dict[int, dict]:
    columns = ("score", "engagement_level", "score_breakdown", "rule_set_version", "tools_used")
    return {
        lead.id: {name: getattr(lead, name) for name in columns} for lead in db.session.scalars(select(Lead))
    }


def test_rescore_stores_the_plain_path_s_rows_inserted_then_updated(app_ctx):
    seed_default_rules()
    visitors = population()
    leads = leads_of(visitors)
    before = utcnow()

    rescore_all(batch_size=3)

    stored = stored_rows()
    (now,) = {row["computed_at"] for row in stored.values()}
    assert before <= now <= utcnow()
    assert stored == plain_rows(visitors, now)
    assert stored_lead_rows() == plain_lead_rows(leads, now)
    assert len({row["score"] for row in stored.values()}) > 3

    decay_on(half_life_days=2)  # a new version, and older interactions count less
    visitors.append(visitor_with([(5, 0)], [CALC_BIG]))
    rescore_all(batch_size=3)

    stored = stored_rows()
    (now,) = {row["computed_at"] for row in stored.values()}
    assert stored == plain_rows(visitors, now)
    assert stored_lead_rows() == plain_lead_rows(leads, now)
    assert {row["rule_set_version"] for row in stored.values()} == {live_rules().version}
