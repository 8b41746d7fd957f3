"""`flask demo-data` writes the demo A/B experiments: one running on the contact form with a planted
uplift, one stopped A/A test of the cost calculator's page, and the exposures of the demo's visitors
shown their targets, without changing any other demo figure."""

import random
import re
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from leadcapture.demo import DemoOptions, generate
from leadcapture.demo.experiments import DEMO_EXPERIMENTS, DemoExperiment, ExposureMaker, run_times
from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, Experiment, ExperimentExposure, Interaction
from leadcapture.models.types import utcnow
from tests.cli.demo_loads import demo_loaded_app

pytestmark = pytest.mark.heavy

NOW = datetime(2026, 11, 23, 12, 0)
RUNNING, AA = DEMO_EXPERIMENTS


@pytest.fixture(scope="module")
def demo_app(database_url):
    """An app whose database holds one demo load (the tests only read it): written once per backend."""
    with demo_loaded_app(database_url, "--visitors", "3000", "--seed", "4") as (app, output):
        app.demo_output = output
        yield app


def experiments(app) -> dict[str, Experiment]:
    with app.app_context():
        query = select(Experiment).options(selectinload(Experiment.variants))
        return {row.key: row for row in db.session.scalars(query)}


def exposures(app, key: str) -> list[ExperimentExposure]:
    with app.app_context():
        query = select(ExperimentExposure).join(Experiment).where(Experiment.key == key)
        return db.session.scalars(query.order_by(ExperimentExposure.visitor_id)).all()


def test_a_running_and_a_stopped_experiment_with_their_rows_in_the_summary(demo_app):
    stored = experiments(demo_app)
    running, aa = stored[RUNNING.key], stored[AA.key]
    assert (running.status, running.target, running.primary_metric) == (
        "running",
        "contact_form",
        "lead_created",
    )
    assert (aa.status, aa.target) == ("stopped", "tool_page:cost_calculator")
    with demo_app.app_context():
        variants = {
            key: [(v.key, v.weight, v.is_control, v.changes) for v in stored[key].variants] for key in stored
        }
        counted = db.session.scalar(select(func.count()).select_from(ExperimentExposure))
    variants = {
        key: [(v.key, v.weight, v.is_control, v.changes) for v in row.variants] for key, row in stored.items()
    }
    assert variants[RUNNING.key] == [("control", 50, True, {}), ("personal-plan", 50, False, RUNNING.changes)]
    assert variants[AA.key] == [("control", 50, True, {}), ("same-page", 50, False, {})]
    assert running.stopped_at is None and running.started_at < utcnow()
    assert aa.started_at < aa.stopped_at < running.started_at
    output = demo_app.demo_output
    assert re.search(r"^  experiments +2$", output, re.MULTILINE)
    assert re.search(r"^  experiment_variants +4$", output, re.MULTILINE)
    assert re.search(rf"^  experiment_exposures +{counted:,}$", output, re.MULTILINE)


def test_visitors_offered_the_contact_form_while_it_ran_are_exposed_once_at_the_first_offer(demo_app):
    running = experiments(demo_app)[RUNNING.key]
    rows = exposures(demo_app, RUNNING.key)
    with demo_app.app_context():
        offers = db.session.execute(
            select(ContactPrompt.visitor_id, func.min(ContactPrompt.offered_at))
            .where(ContactPrompt.offered_at >= running.started_at)
            .group_by(ContactPrompt.visitor_id)
        ).all()
        tool_uses = Counter(
            db.session.scalars(select(Interaction.visitor_id).where(Interaction.created_at < NOW.max))
        )
    assert {row.visitor_id: row.exposed_at for row in rows} == dict(offers)
    assert len(rows) > 300
    split = Counter(row.variant for row in rows)
    assert abs(split["personal-plan"] - split["control"]) < 0.1 * len(rows)  # about 50/50
    assert all(row.session_id and row.device for row in rows)
    assert all(0 < row.pre_activity <= tool_uses[row.visitor_id] for row in rows)  # a tool use came first
    assert {row.returning_visitor for row in rows} == {True, False}


def test_the_aa_test_exposed_the_calculators_users_while_it_ran(demo_app):
    aa = experiments(demo_app)[AA.key]
    rows = exposures(demo_app, AA.key)
    with demo_app.app_context():
        users = set(
            db.session.scalars(
                select(Interaction.visitor_id).where(
                    Interaction.tool == "cost_calculator",
                    Interaction.created_at >= aa.started_at,
                    Interaction.created_at < aa.stopped_at,
                )
            )
        )
    assert {row.visitor_id for row in rows} == users and len(rows) > 100
    assert all(aa.started_at <= row.exposed_at < aa.stopped_at for row in rows)
    assert set(Counter(row.variant for row in rows)) == {"control", "same-page"}


def test_leads_fall_more_in_the_variant_by_the_planted_uplift():
    """The exposures are picked so that converters land in the variant with odds 1.2 and the split
    stays 50/50, whatever the share of converters."""
    maker = ExposureMaker(random.Random(1), (DemoExperiment(1, RUNNING, NOW, None),), NOW)
    experiment = maker.experiments[0]
    converters = [index % 8 == 0 for index in range(200_000)]  # 12.5 % convert
    picked = [maker.pick(experiment, converter) for converter in converters]
    in_variant = sum(picked)
    variant_leads = sum(p for p, c in zip(picked, converters, strict=True) if c)
    control_leads = sum(converters) - variant_leads
    uplift = (variant_leads / in_variant) / (control_leads / (len(picked) - in_variant)) - 1
    assert abs(in_variant / len(picked) - 0.5) < 0.005
    assert uplift == pytest.approx(0.2, abs=0.04)


def test_the_experiments_leave_every_other_demo_figure_as_it_was():
    options = DemoOptions(visitors=1500, days=90, seed=9, now=NOW)
    demo = (DemoExperiment(1, plan, *run_times(plan, NOW, 90)) for plan in DEMO_EXPERIMENTS)
    plain = list(generate(options))
    with_experiments = list(generate(DemoOptions(**{**options.__dict__, "experiments": tuple(demo)})))
    exposed = sum(len(bundle.pop("experiment_exposures", [])) for bundle in with_experiments)
    assert exposed > 100

    def figures(bundles):
        return [
            {table: [_without_ids(row) for row in rows] for table, rows in bundle.items()}
            for bundle in bundles
        ]

    assert figures(with_experiments) == figures(plain)


def _without_ids(row: dict) -> dict:
    """The row but its random parts: ids, and emails (made unique with a random part)."""
    return {key: value for key, value in row.items() if not key.endswith(("id", "email"))}
