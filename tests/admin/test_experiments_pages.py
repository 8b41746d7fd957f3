"""The experiments' pages: marketing and admins create, edit, start, stop and ship experiments; bad
input gets a message on its field (never a 500), and each change is in the audit log."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, Experiment, ExperimentExposure, Visitor
from tests.admin.signin import signed_in_client


def definition(**changes) -> dict:
    """The new-experiment form as posted: a contact-form test with two variants."""
    form = {
        "key": "short-form",
        "name": "Shorter contact form",
        "hypothesis": "Asking for two fields converts more visitors.",
        "target": "contact_form",
        "shown_target": "contact_form",
        "primary_metric": "lead_created",
        "guardrail_metrics": ["booking_made"],
        "alpha": "0.05",
        "audience_campaigns": "spring, summer",
        "audience_devices": ["mobile"],
        "audience_visitors": "all",
        "traffic_percent": "100",
        "variants-0-key": "control",
        "variants-0-name": "As it is",
        "variants-0-weight": "50",
        "variants-0-control": "y",
        "variants-1-key": "short",
        "variants-1-name": "Two fields",
        "variants-1-weight": "50",
        "variants-1-fields": "email, phone",
        "variants-1-max_fields": "2",
        "variants-1-headline": "Get your quote",
    }
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def stored(app, key: str = "short-form") -> Experiment:
    with app.app_context():
        query = select(Experiment).where(Experiment.key == key).options(selectinload(Experiment.variants))
        return db.session.scalars(query).one()


def audit_actions(app) -> list[str]:
    with app.app_context():
        query = select(AdminAuditEntry.action).order_by(AdminAuditEntry.id)
        return list(db.session.scalars(query.where(AdminAuditEntry.target_kind == "experiment")))


def create(client, **changes) -> int:
    response = client.post("/admin/experiments/new", data=definition(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_create_edit_start_stop_and_ship(app, role):
    client = signed_in_client(app, role)
    page = client.get("/admin/experiments/new?target=contact_form").get_data(as_text=True)
    assert 'name="variants-1-key"' in page and 'name="variants-1-headline"' in page
    experiment_id = create(client)
    experiment = stored(app)
    assert (experiment.status, experiment.target, experiment.guardrail_metrics) == (
        "draft",
        "contact_form",
        ["booking_made"],
    )
    assert (experiment.audience_campaigns, experiment.audience_devices) == (["spring", "summer"], ["mobile"])
    assert [(v.key, v.weight, v.is_control, v.changes) for v in experiment.variants] == [
        ("control", 50, True, {}),
        ("short", 50, False, {"fields": ["email", "phone"], "max_fields": 2, "headline": "Get your quote"}),
    ]

    edited = client.post(f"/admin/experiments/{experiment_id}/edit", data=definition(name="Two-field form"))
    assert edited.status_code == 302
    assert stored(app).name == "Two-field form"

    assert client.post(f"/admin/experiments/{experiment_id}/start").status_code == 302
    detail = client.get(f"/admin/experiments/{experiment_id}").get_data(as_text=True)
    assert "Experiment started." in detail and ">running<" in detail
    assert stored(app).started_at is not None

    weights = client.get(f"/admin/experiments/{experiment_id}/edit").get_data(as_text=True)
    assert "Weight of short (%)" in weights and 'name="key"' not in weights
    saved = client.post(
        f"/admin/experiments/{experiment_id}/edit",
        data={"variants-0-weight": "80", "variants-1-weight": "20"},
    )
    assert saved.status_code == 302
    assert [variant.weight for variant in stored(app).variants] == [80, 20]

    assert client.post(f"/admin/experiments/{experiment_id}/stop").status_code == 302
    assert stored(app).status == "stopped"
    assert client.post(f"/admin/experiments/{experiment_id}/start").status_code == 302
    assert (
        client.post(f"/admin/experiments/{experiment_id}/ship", data={"variant": "short"}).status_code == 302
    )
    shipped = stored(app)
    assert (shipped.status, shipped.shipped_variant) == ("shipped", "short")
    assert shipped.shipped_at is not None and shipped.stopped_at is not None

    assert audit_actions(app) == [
        "experiment.create",
        "experiment.update",
        "experiment.start",
        "experiment.weights",
        "experiment.stop",
        "experiment.start",
        "experiment.ship",
    ]
    history = client.get(f"/admin/experiments/{experiment_id}").get_data(as_text=True)
    assert "Experiment edited: name" in history and "Experiment shipped: short" in history
    assert "Experiment&#39;s weights changed" in history
    listing = client.get("/admin/experiments").get_data(as_text=True)
    assert "short-form" in listing and "shipped: short" in listing and "short 20" in listing


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"variants-1-weight": "60"}, "variants", "The weights must sum to 100; they sum to 110."),
        ({"variants-1-weight": "none"}, "variants-1-weight", "The weight is a percentage above 0."),
        ({"primary_metric": "revenue"}, "primary_metric", "Choose the primary metric among"),
        ({"guardrail_metrics": ["lead_created"]}, "guardrail_metrics", "lead_created is the primary metric"),
        ({"guardrail_metrics": ["clicks"]}, "guardrail_metrics", "Unknown metric clicks"),
        ({"primary_metric": "score_reached"}, "score_goal", "Required here: a whole number from 0 to 100."),
        (
            {"variants-1-max_fields": "9"},
            "variants-1-max_fields",
            "max_fields must be a whole number from 1 to 5.",
        ),
        ({"variants-1-fields": "email, fax"}, "variants-1-fields", "fields must list some of"),
        ({"variants-1-key": "control"}, "variants-1-key", "Another variant has the key control."),
        ({"variants-1-control": "y"}, "variants", "Mark exactly one variant as the control."),
        ({"key": "Short Form!"}, "key", "The key is 1 to 64 of a-z"),
        ({"name": ""}, "name", "Give a name"),
        ({"alpha": "0.5"}, "alpha", "The false-positive rate (alpha) is above 0 and at most 0.2"),
        ({"traffic_percent": "0"}, "traffic_percent", "A whole number from 1 to 100."),
        ({"audience_devices": ["fridge"]}, "audience_devices", "Devices are some of desktop"),
        ({"audience_visitors": "vip"}, "audience_visitors", "Visitors are one of all"),
        ({"target": "tool_page:fortune"}, "target", "The target tool_page needs one of"),
    ],
)
def test_bad_input_gets_a_message_on_its_field(app, changes, field, message):
    client = signed_in_client(app, "marketing")
    response = client.post("/admin/experiments/new", data=definition(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">{message}' in page.replace("&#39;", "'")
    with app.app_context():
        assert db.session.scalar(select(Experiment.id)) is None
    assert audit_actions(app) == []


def test_a_taken_key_is_refused_and_kept_once_started(app):
    client = signed_in_client(app, "marketing")
    experiment_id = create(client)
    again = client.post("/admin/experiments/new", data=definition(target="contact_form"))
    assert again.status_code == 400 and "Another experiment has this key." in again.get_data(as_text=True)
    client.post(f"/admin/experiments/{experiment_id}/start")
    response = client.post(
        f"/admin/experiments/{experiment_id}/edit", data={"key": "renamed", "variants-0-weight": "x"}
    )
    assert response.status_code == 400
    assert stored(app).key == "short-form"


def test_starting_without_two_variants_or_beside_a_running_experiment_is_refused(app):
    client = signed_in_client(app, "marketing")
    empty = {name: "" for name in definition() if name.startswith("variants-")}
    lonely = create(client, key="no-variants", **empty)
    detail = client.get(f"/admin/experiments/{lonely}").get_data(as_text=True)
    assert "at least two variants" in detail  # said before anyone tries
    refused = client.post(f"/admin/experiments/{lonely}/start")
    assert refused.status_code == 422
    assert "needs at least two variants" in refused.get_data(as_text=True)
    assert stored(app, "no-variants").status == "draft"

    first, second = create(client, key="first"), create(client, key="second")
    assert client.post(f"/admin/experiments/{first}/start").status_code == 302
    clash = client.post(f"/admin/experiments/{second}/start")
    assert clash.status_code == 422
    assert "The experiment first is running on contact_form: stop it first" in clash.get_data(as_text=True)
    assert stored(app, "second").status == "draft"
    other_target = create(client, key="cta", target="tool_page:cost_calculator", **_cta_rows())
    assert client.post(f"/admin/experiments/{other_target}/start").status_code == 302
    assert audit_actions(app).count("experiment.start") == 2


def _cta_rows() -> dict:
    """The variant rows of a tool page's experiment (its one setting: the call to action's text)."""
    rows = {name: None for name in ("variants-1-fields", "variants-1-max_fields", "variants-1-headline")}
    return {**rows, "shown_target": "tool_page:cost_calculator", "variants-1-cta_copy": "See your price"}


def test_moves_the_status_does_not_allow_are_refused(app):
    client = signed_in_client(app, "admin")
    experiment_id = create(client)
    stop = client.post(f"/admin/experiments/{experiment_id}/stop")
    assert stop.status_code == 409 and "Only a running experiment can be stopped." in stop.get_data(
        as_text=True
    )
    ship = client.post(f"/admin/experiments/{experiment_id}/ship", data={"variant": "short"})
    assert ship.status_code == 409
    client.post(f"/admin/experiments/{experiment_id}/start")
    unknown = client.post(f"/admin/experiments/{experiment_id}/ship", data={"variant": "nope"})
    assert unknown.status_code == 422 and "Choose one of the experiment" in unknown.get_data(as_text=True)
    client.post(f"/admin/experiments/{experiment_id}/ship", data={"variant": "control"})
    assert client.post(f"/admin/experiments/{experiment_id}/start").status_code == 409
    edit = client.get(f"/admin/experiments/{experiment_id}/edit")
    assert edit.status_code == 302
    assert "can no longer be changed" in client.get(edit.location).get_data(as_text=True)
    assert client.get("/admin/experiments/999").status_code == 404
    assert client.post("/admin/experiments/999/start").status_code == 404


def test_weights_of_a_running_experiment_must_still_sum_to_100(app):
    client = signed_in_client(app, "marketing")
    experiment_id = create(client)
    client.post(f"/admin/experiments/{experiment_id}/start")
    response = client.post(
        f"/admin/experiments/{experiment_id}/edit",
        data={"variants-0-weight": "70", "variants-1-weight": "20"},
    )
    assert response.status_code == 400
    assert "The weights must sum to 100; they sum to 90." in response.get_data(as_text=True)
    assert [variant.weight for variant in stored(app).variants] == [50, 50]


def test_more_variant_rows_and_another_target_without_javascript(app):
    client = signed_in_client(app, "marketing")
    more = client.post("/admin/experiments/new", data=definition(add_variant="1"))
    page = more.get_data(as_text=True)
    assert more.status_code == 200 and 'name="variants-2-key"' in page
    assert 'value="Get your quote"' in page  # what was typed stays
    retarget = client.post(
        "/admin/experiments/new", data=definition(target="feedback_prompt:tool_result", show_target="1")
    )
    page = retarget.get_data(as_text=True)
    assert retarget.status_code == 200
    assert 'name="variants-1-message"' in page and 'name="variants-1-headline"' not in page
    saved_early = client.post("/admin/experiments/new", data=definition(target="result_page:cost_calculator"))
    assert saved_early.status_code == 400
    assert 'name="variants-1-layout"' in saved_early.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Experiment.id)) is None


def test_the_list_counts_exposed_visitors(app):
    client = signed_in_client(app, "marketing")
    experiment_id = create(client)
    client.post(f"/admin/experiments/{experiment_id}/start")
    with app.app_context():
        for number, variant in enumerate(["control", "short", "short"]):
            visitor = Visitor(id=f"visitor-{number}")
            db.session.add(visitor)
            db.session.flush()
            db.session.add(
                ExperimentExposure(experiment_id=experiment_id, visitor_id=visitor.id, variant=variant)
            )
        db.session.commit()
    listing = client.get("/admin/experiments").get_data(as_text=True)
    assert 'data-testid="experiment-exposed">3<' in listing
    detail = client.get(f"/admin/experiments/{experiment_id}").get_data(as_text=True)
    assert "<td>2</td>" in detail


def test_sales_may_not_open_experiments(app):
    client = signed_in_client(app, "sales")
    assert client.get("/admin/experiments").status_code == 403
    assert client.post("/admin/experiments/new", data=definition()).status_code == 403
    assert "Experiments" not in client.get("/admin/").get_data(as_text=True)
    assert "/admin/experiments" in signed_in_client(app, "marketing").get("/admin/").get_data(as_text=True)
