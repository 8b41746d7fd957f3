"""The daily decay job: scores that time carries across a level or the form threshold follow;
scores that cannot cross are not even scored (tests/sync/test_decay_sync.py: on to HubSpot)."""

from datetime import datetime, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.jobs.table import JOBS
from leadcapture.models import VisitorScore
from leadcapture.models.types import utcnow
from leadcapture.scoring_rules.draft import draft_rules, draft_settings, update_settings
from leadcapture.scoring_rules.live import live_rules
from leadcapture.visitor_scores.decay import DecayReport, decay_scores
from leadcapture.visitor_scores.preview import preview
from leadcapture.visitor_scores.store import store_visitor_score
from tests.visitor_scores.helpers import CALC_BIG, CALC_SMALL, decay_on, make_visitor


def test_only_scores_that_can_cross_a_threshold_are_rescored(app):
    start = datetime(2026, 3, 1, 9, 0)
    with app.app_context():
        decay_on(half_life_days=30)
        big = make_visitor([CALC_BIG], started=start)  # 100: a day cannot bring it to 70
        small = make_visitor([CALC_SMALL], started=start)  # 70: a day brings it to 68
        low = make_visitor([("newsletter_signup", {})], started=start)  # no rule gives it points
        for visitor_id in (big, small, low):
            store_visitor_score(visitor_id, now=start)
        db.session.commit()
        assert score_of(low)[0] < 40
        report = decay_scores(start + timedelta(days=1))
        assert report == DecayReport(examined_visitors=1, changed_visitors=1)
        assert score_of(small) == (68, start + timedelta(days=1))
        assert score_of(big) == (100, start)  # not rescored: computed_at unchanged


def test_nothing_is_rescored_when_decay_is_off(app):
    start = datetime(2026, 3, 1, 9, 0)
    with app.app_context():
        live_rules()
        small = make_visitor([CALC_SMALL], started=start)
        store_visitor_score(small, now=start)
        db.session.commit()
        assert decay_scores(start + timedelta(days=400)) == DecayReport()
        assert score_of(small) == (70, start)


def test_the_preview_shows_what_a_shorter_half_life_would_do(app):
    with app.app_context():
        decay_on(half_life_days=90)
        month_old = make_visitor([CALC_SMALL], started=utcnow() - timedelta(days=30))
        update_settings({"decay_half_life_days": 30}, actor="admin@example.com")
        report = preview(draft_rules(), draft_settings())
        # 70 * 2^(-30/90) = 55.6 -> 56 (medium) today; 70 / 2 = 35 (low) with the draft
        assert [(m.visitor_id, m.before, m.after) for m in report.movers] == [(month_old, 56, 35)]
        assert (dict(report.levels_before), dict(report.levels_after)) == ({"medium": 1}, {"low": 1})


def test_the_job_runs_daily():
    job = JOBS["decay-scores"]
    assert (job.function, job.period) == ("leadcapture.visitor_scores.decay.decay_scores", 24 * 3600)


def score_of(visitor_id: str) -> tuple[int, datetime]:
    row = db.session.execute(
        select(VisitorScore.score, VisitorScore.computed_at).where(VisitorScore.visitor_id == visitor_id)
    ).one()
    db.session.rollback()
    return row.score, row.computed_at
