"""A later `flask demo-data` adds its exposures to the demo experiments already there, and leaves out
the one whose target another running experiment holds (a visitor is never in two at once). Apart
from the module-wide demo load of ``test_demo_experiments``, which would hold the experiments."""

import re

import pytest
from sqlalchemy import func, select

from leadcapture.demo.experiments import DEMO_EXPERIMENTS
from leadcapture.extensions import db
from leadcapture.models import Experiment
from tests.cli.demo_loads import demo_data
from tests.experiments.rows import add_experiment, exposure_count
from tests.experiments.rows import exposures as exposures_of

pytestmark = pytest.mark.heavy

AA = DEMO_EXPERIMENTS[1]


def test_a_later_load_adds_exposures_to_the_same_experiments_beside_a_running_one(runner, app):
    with app.app_context():
        theirs = add_experiment(key="their-form-test", target="contact_form")
    first = demo_data(runner, "--visitors", "400", "--seed", "1")
    assert re.search(r"^  experiments +1$", first.output, re.MULTILINE)  # the A/A test only
    with app.app_context():
        assert set(db.session.scalars(select(Experiment.key))) == {"their-form-test", AA.key}
        assert exposures_of(theirs) == [] and (written := exposure_count()) > 0
    second = demo_data(runner, "--visitors", "400", "--seed", "2")
    assert not re.search(r"^  experiments ", second.output, re.MULTILINE)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Experiment)) == 2
        assert exposure_count() > written
