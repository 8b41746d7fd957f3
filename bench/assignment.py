"""The cost of deciding a request's A/B variants (``bench.tools`` runs it; goal < 0.2 ms).

In one process on the bench's database: ``experiments.exposure.assign`` for the two targets a
tool use shows (its result page and the contact form), per request, for new visitors (as wrk's
requests are: no exposure to look up), with no experiment and with a running experiment on each
target. That is the snapshot lookup (cached), the audience and the hashes; the exposure's INSERT
is one more statement in the request's own transaction, measured with the tool route by wrk.
"""

import time
from datetime import datetime

from leadcapture.app import create_app
from leadcapture.experiments.exposure import assign
from leadcapture.extensions import db
from leadcapture.models import Visitor, VisitSession
from leadcapture.models.experiments import Experiment, ExperimentVariant
from leadcapture.models.visit import Visit
from leadcapture.tracking import VisitContext

GOAL_MS = 0.2
REQUESTS = 20_000
TARGETS = ("result_page:cost_calculator", "contact_form")
NOW = datetime(2026, 12, 1, 12, 0)


def _visits(count: int) -> list[Visit]:
    return [
        Visit(
            Visitor(id=f"bench{number:027d}", created_at=NOW),
            VisitSession(id=f"s{number}", started_at=NOW, device_type="mobile", utm_campaign="spring_glow"),
            new_session=True,
            new_visitor=True,
        )
        for number in range(count)
    ]


def _ms_per_request(ctx: VisitContext, visits: list[Visit]) -> float:
    for target in TARGETS:  # the snapshot is loaded once, outside the timing
        assign(ctx, visits[0], target)
    started = time.perf_counter()
    for visit in visits:
        for target in TARGETS:
            assign(ctx, visit, target)
    return (time.perf_counter() - started) * 1000 / len(visits)


def _running(key: str, target: str, changes: dict) -> Experiment:
    experiment = Experiment(
        key=key, name=key, target=target, primary_metric="lead_created", status="running", traffic_percent=80
    )
    experiment.variants = [
        ExperimentVariant(key="control", position=0, weight=50, is_control=True, changes={}),
        ExperimentVariant(key="variant", position=1, weight=50, changes=changes),
    ]
    return experiment


def time_assignment(database_url: str) -> dict[str, float]:
    """Milliseconds per request without and with running experiments (removed afterwards)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    ctx = VisitContext(
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148", now=NOW
    )
    visits = _visits(REQUESTS)
    with app.app_context():
        timings = {"without": _ms_per_request(ctx, visits)}
        experiments = [
            _running("bench-layout", TARGETS[0], {"layout": "summary_first"}),
            _running("bench-form", TARGETS[1], {"threshold": 50, "headline": "Get your quote"}),
        ]
        db.session.add_all(experiments)
        db.session.commit()
        timings["with"] = _ms_per_request(ctx, visits)
        for experiment in experiments:
            db.session.delete(experiment)
        db.session.commit()
        db.engine.dispose()
    return timings


def assignment_lines(timings: dict[str, float]) -> list[str]:
    """The RESULTS.md lines of ``time_assignment``."""
    worst = max(timings.values())
    return [
        f"A/B assignment per tool request (`bench/assignment.py`: `experiments.exposure.assign` for the "
        f"result page and the contact form, {REQUESTS:,} new visitors in one process): "
        f"{timings['without']:.4f} ms with no experiment, {timings['with']:.4f} ms with a running "
        f"experiment on each (80 % traffic, 50/50); goal under {GOAL_MS} ms: "
        f"{'met' if worst < GOAL_MS else '**not met**'}.",
    ]
