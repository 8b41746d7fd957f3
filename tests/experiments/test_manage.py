"""The experiments' service: what it saves, the moves between statuses, and what it refuses."""

from datetime import datetime

import pytest
from sqlalchemy import select

from leadcapture.errors import InputError
from leadcapture.experiments.definition import ExperimentInput, VariantInput
from leadcapture.experiments.manage import (
    create_experiment,
    ship_experiment,
    start_errors,
    start_experiment,
    stop_experiment,
    update_experiment,
    update_weights,
)
from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry

STARTED = datetime(2030, 3, 1, 9, 0)
STOPPED = datetime(2030, 3, 15, 9, 0)
SHIPPED = datetime(2030, 3, 16, 9, 0)


def values(**changes) -> ExperimentInput:
    fields = {
        "key": "prompt-copy",
        "name": "Friendlier prompt",
        "target": "feedback_prompt:tool_result",
        "primary_metric": "feedback_rating",
        "guardrail_metrics": ["score_reached", "lead_created"],
        "score_goal": "60",
        "variants": [
            VariantInput("control", "As it is", 50, True),
            VariantInput("friendly", "Friendly", "50", False, {"message": "How did we do?"}),
        ],
    }
    return ExperimentInput(**{**fields, **changes})


def audit(action: str) -> AdminAuditEntry:
    return db.session.scalars(select(AdminAuditEntry).where(AdminAuditEntry.action == action)).one()


def test_numbers_typed_as_text_are_stored_as_numbers_and_metrics_in_their_order(app_ctx):
    experiment = create_experiment(values(), actor_id=None)
    assert (experiment.score_goal, experiment.alpha, experiment.traffic_percent) == (60, 0.05, 100)
    assert experiment.guardrail_metrics == ["lead_created", "score_reached"]
    assert [variant.weight for variant in experiment.variants] == [50.0, 50.0]
    detail = audit("experiment.create").detail
    assert detail["key"] == "prompt-copy" and detail["variants"][1]["changes"] == {
        "message": "How did we do?"
    }


def test_a_score_goal_without_score_reached_is_not_kept(app_ctx):
    experiment = create_experiment(values(guardrail_metrics=[]), actor_id=None)
    assert experiment.score_goal is None


def test_start_stop_start_again_and_ship_keep_their_times(app_ctx):
    experiment = create_experiment(values(), actor_id=None)
    start_experiment(experiment, None, now=STARTED)
    assert (experiment.status, experiment.started_at) == ("running", STARTED)
    stop_experiment(experiment, None, now=STOPPED)
    assert (experiment.status, experiment.stopped_at) == ("stopped", STOPPED)
    start_experiment(experiment, None, now=SHIPPED)
    assert experiment.stopped_at is None and audit("experiment.stop").detail == {}
    ship_experiment(experiment, "friendly", None, now=SHIPPED)
    assert (experiment.status, experiment.shipped_variant) == ("shipped", "friendly")
    assert experiment.stopped_at == experiment.shipped_at == SHIPPED


def test_a_started_experiment_changes_its_weights_only(app_ctx):
    experiment = create_experiment(values(), actor_id=None)
    start_experiment(experiment, None)
    with pytest.raises(InputError) as refused:
        update_experiment(experiment, values(name="Renamed"), None)
    assert refused.value.status == 409 and "Only a draft can be edited" in refused.value.fields["status"]
    update_weights(experiment, {"control": "25", "friendly": 75}, None)
    assert [variant.weight for variant in experiment.variants] == [25, 75]
    assert audit("experiment.weights").detail == {
        "before": {"control": 50, "friendly": 50},
        "after": {"control": 25, "friendly": 75},
    }
    with pytest.raises(InputError) as missing:
        update_weights(experiment, {"control": "100"}, None)
    assert missing.value.fields == {"variants-1-weight": "The weight is a percentage above 0."}


def test_a_draft_keeps_its_variants_keys_when_saved_again(app_ctx):
    experiment = create_experiment(values(), actor_id=None)
    changed = [
        VariantInput("control", "", 30, True),
        VariantInput("friendly", "", 70, False, {"message": "Hi"}),
    ]
    update_experiment(experiment, values(variants=changed), None)
    db.session.expire_all()
    assert [(v.key, v.weight, v.changes) for v in experiment.variants] == [
        ("control", 30, {}),
        ("friendly", 70, {"message": "Hi"}),
    ]
    assert audit("experiment.update").detail["changed"] == ["variants"]


def test_a_stored_definition_gone_wrong_is_not_started(app_ctx):
    """Data changed behind the form's back (weights, a setting) is checked again at the start."""
    experiment = create_experiment(values(), actor_id=None)
    experiment.variants[1].weight = 30
    experiment.variants[1].changes = {"message": ""}
    db.session.commit()
    errors = start_errors(experiment)
    assert errors["variants"] == "The weights must sum to 100; they sum to 80."
    assert errors["variants-1-message"] == "message must be text of 1 to 200 characters."
    assert errors["start"] == "Correct the experiment's definition before starting it."
    with pytest.raises(InputError) as refused:
        start_experiment(experiment, None)
    assert refused.value.status == 422
    db.session.rollback()
    assert experiment.status == "draft"
