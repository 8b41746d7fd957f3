"""The rescore that publishing queues on a real Redis: time enough for millions of visitors, and
one job however many versions are published while it waits."""

from redis import Redis
from rq import Queue
from rq.job import Job

from leadcapture.jobs.table import JOBS
from leadcapture.scoring_rules.draft import update_rule
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.visitor_scores.publishing import publish_and_rescore
from tests.visitor_scores.test_preview_and_cli import calculator_rule_id


def test_publishing_twice_while_a_rescore_waits_queues_one_long_rescore(make_app, redis_server):
    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    app = make_app(REDIS_URL=redis_server.url)
    with app.app_context():
        seed_default_rules()
        for points in (40, 45):
            update_rule(calculator_rule_id(), {"points": points}, actor="a")
            assert publish_and_rescore("a").rescore_queued
    jobs = Queue("default", connection=connection).jobs
    assert [job.func_name for job in jobs] == ["leadcapture.visitor_scores.rescore.rescore_all"]
    assert Job.fetch(jobs[0].id, connection=connection).timeout == JOBS["rescore"].timeout > 120
    connection.flushdb()
