"""What counts for each metric (both backends): only what the visitor did after their exposure,
one value per exposed visitor, read with one query per metric."""

import numpy as np

from leadcapture.experiments.results.exposed import load_exposed
from leadcapture.experiments.results.outcomes import metric_values
from leadcapture.extensions import db
from leadcapture.models import Experiment
from leadcapture.models.catalog_store import seed_catalog
from tests.experiments.outcome_rows import (
    HOUR,
    START,
    add_bookings,
    add_exposures,
    add_feedback,
    add_leads,
    add_scores,
    add_submitted_prompts,
    add_visitors,
)
from tests.experiments.rows import add_experiment
from tests.statements import statements_sent

BEFORE, AFTER = START - HOUR / 2, START + HOUR
VISITORS = [f"visitor-{n}" for n in range(8)]


def values(app, experiment_id: int, metric: str) -> list[float] | None:
    with app.app_context():
        experiment = db.session.get(Experiment, experiment_id)
        found = metric_values(experiment, load_exposed(experiment_id), metric)
        return None if found is None else found.tolist()


def test_only_outcomes_after_the_exposure_count(app_ctx):
    seed_catalog()
    experiment_id = add_experiment(score_goal=70)
    other_id = add_experiment(key="other", target="result_page:cost_calculator")
    add_visitors([*VISITORS, "visitor-late"])
    # visitor-7 is exposed a day later: what it did on START + 1 h came before its exposure.
    add_exposures(
        experiment_id, [(v, "control") for v in VISITORS[:7]] + [(VISITORS[7], "bold", START + 24 * HOUR)]
    )
    add_exposures(other_id, [("visitor-late", "control")])
    add_submitted_prompts(
        [("visitor-0", BEFORE), ("visitor-1", AFTER), ("visitor-1", AFTER), ("visitor-7", AFTER)]
    )
    add_leads([("visitor-2", BEFORE), ("visitor-3", AFTER), ("visitor-late", AFTER)])
    add_bookings([("visitor-4", AFTER), ("visitor-5", BEFORE)])
    add_feedback(
        [("visitor-1", 4, AFTER), ("visitor-1", 1, AFTER), ("visitor-2", 5, BEFORE), ("visitor-6", 5, AFTER)]
    )
    add_scores(
        [
            ("visitor-0", 80, AFTER),
            ("visitor-1", 60, AFTER),
            ("visitor-2", 90, BEFORE),
            ("visitor-3", 70, AFTER),
        ]
    )
    app = app_ctx
    assert values(app, experiment_id, "form_submitted") == [0, 1, 0, 0, 0, 0, 0, 0]
    assert values(app, experiment_id, "lead_created") == [0, 0, 0, 1, 0, 0, 0, 0]
    assert values(app, experiment_id, "booking_made") == [0, 0, 0, 0, 1, 0, 0, 0]
    assert values(app, experiment_id, "score_reached") == [1, 0, 0, 1, 0, 0, 0, 0]
    # A mean over the visitors who rated after exposure: the others have no value.
    rating = np.array(values(app, experiment_id, "feedback_rating"))
    assert rating[[1, 6]].tolist() == [2.5, 5] and np.isnan(np.delete(rating, [1, 6])).all()


def test_score_reached_without_a_goal_is_not_measured(app_ctx):
    experiment_id = add_experiment()
    assert values(app_ctx, experiment_id, "score_reached") is None


def test_one_query_per_metric_whatever_the_number_of_visitors(app_ctx):
    experiment_id = add_experiment()
    many = [f"visitor-{n}" for n in range(300)]
    add_visitors(many)
    add_exposures(experiment_id, [(v, "control" if n % 2 else "bold") for n, v in enumerate(many)])
    add_leads([(v, AFTER) for v in many[::3]])
    experiment = db.session.get(Experiment, experiment_id)
    with statements_sent(app_ctx) as sent:
        exposed = load_exposed(experiment_id)
        found = metric_values(experiment, exposed, "lead_created")
    assert len(sent) == 2
    assert found.sum() == 100 and len(found) == 300
