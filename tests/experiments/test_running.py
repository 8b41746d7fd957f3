"""The running experiments a process keeps: its own commits apply at once, other processes' after
EXPERIMENTS_REFRESH_SECONDS; two requests of one visitor at once write one exposure (PostgreSQL)."""

from sqlalchemy import insert, update

from leadcapture.experiments.running import CLOCK_KEY, experiment_for
from leadcapture.extensions import db
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.experiments import Experiment, ExperimentVariant
from tests.clock import ManualClock
from tests.experiments.rows import add_experiment, exposures
from tests.live import at_once, post_json, serve


def test_another_process_change_shows_after_the_refresh_interval(make_app):
    app = make_app(EXPERIMENTS_REFRESH_SECONDS=30)
    clock = app.extensions[CLOCK_KEY] = ManualClock()
    with app.app_context():
        experiment_id = add_experiment()  # this process's own commit: at once
        assert experiment_for("tool_page:cost_calculator").key == "cta-copy"
        with db.engine.begin() as other_process:  # not through this process's session
            other_process.execute(update(Experiment).values(status="stopped"))
            other_process.execute(
                insert(ExperimentVariant).values(experiment_id=experiment_id, key="x", weight=0, changes={})
            )
        clock.advance(29)
        assert experiment_for("tool_page:cost_calculator") is not None
        clock.advance(1)
        assert experiment_for("tool_page:cost_calculator") is None


def test_a_running_experiment_wins_over_a_shipped_one_on_its_target(app_ctx):
    add_experiment(key="old", status="shipped", shipped_variant="bold")
    assert experiment_for("tool_page:cost_calculator").key == "old"
    add_experiment(key="new")
    assert experiment_for("tool_page:cost_calculator").key == "new"


def test_concurrent_first_requests_of_a_visitor_write_one_exposure(postgres_app):
    with postgres_app.app_context():
        seed_catalog()
    visitor = "visitor-race-0001"
    procedures = ["botox", "hydrafacial", "chemical_peel", "microneedling", "prp_facial", "thread_lift"]
    with serve(postgres_app) as url:
        tool = f"{url}/api/v1/tools/cost_calculator"
        assert post_json(tool, {"procedures": ["botox"], "visitor_id": visitor})[0] == 200
        with postgres_app.app_context():
            variants = (("a", 50, {}), ("b", 50, {"layout": "summary_first"}))
            experiment_id = add_experiment(target="result_page:cost_calculator", variants=variants)
        answers = at_once(
            6, lambda n: post_json(tool, {"procedures": [procedures[n]], "visitor_id": visitor})
        )
    assert {status for status, _ in answers} == {200}
    assert len({str(answer["experiments"]) for _, answer in answers}) == 1
    with postgres_app.app_context():
        (row,) = exposures(experiment_id)
        assert {"cta-copy": row.variant} == answers[0][1]["experiments"]
        assert row.pre_activity == 1
