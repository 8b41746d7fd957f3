"""The sample-size calculator on the experiment form: "Calculate" shows the visitors each variant needs
at the form's alpha and with its variant rows, keeps what was typed and saves nothing; bad input gets
a message on its field, never a 500."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Experiment
from tests.admin.signin import signed_in_client
from tests.admin.test_experiments_pages import create, definition, stored


def calculate(client, path="/admin/experiments/new", **changes):
    plan = {"plan_baseline": "10", "plan_uplift": "20", "plan_power": "80", "calculate": "1"}
    return client.post(path, data=definition(**{**plan, **changes}))


def test_calculate_shows_the_visitors_per_variant_and_keeps_the_form(app):
    client = signed_in_client(app, "marketing")
    form = client.get("/admin/experiments/new").get_data(as_text=True)
    assert 'name="plan_power" type="text" value="80"' in form  # the default power
    response = calculate(client)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    # Evan Miller's calculator: 10 % baseline, +20 % relative, 80 % power, alpha 0.05: 3,623 a variant.
    assert "About 3,623 visitors per variant (7,246 in all, 2 variants)." in page
    assert 'value="Get your quote"' in page and 'value="short-form"' in page  # what was typed stays
    assert 'name="plan_baseline" type="text" value="10"' in page
    with app.app_context():
        assert db.session.scalar(select(Experiment.id)) is None


def test_the_forms_alpha_and_its_variant_rows_plan_the_test(app):
    client = signed_in_client(app, "marketing")
    strict = calculate(client, alpha="0.01").get_data(as_text=True)
    assert "About 5,366 visitors per variant (10,732 in all, 2 variants)." in strict
    three = calculate(
        client,
        **{
            "variants-1-weight": "25",
            "variants-2-key": "long",
            "variants-2-weight": "25",
            "add_variant": None,
        },
    ).get_data(as_text=True)
    # Two comparisons with control share alpha (Bonferroni: 0.025 each).
    assert "About 4,377 visitors per variant (13,131 in all, 3 variants)." in three


def test_calculate_on_a_drafts_edit_form_saves_nothing(app):
    client = signed_in_client(app, "marketing")
    experiment_id = create(client)
    response = calculate(client, f"/admin/experiments/{experiment_id}/edit", name="Renamed")
    assert response.status_code == 200
    assert "About 3,623 visitors per variant" in response.get_data(as_text=True)
    assert stored(app).name == "Shorter contact form"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"plan_baseline": "0"}, "plan_baseline", "The baseline conversion rate is a percentage above 0"),
        ({"plan_baseline": "100"}, "plan_baseline", "The baseline conversion rate is a percentage above 0"),
        ({"plan_baseline": "ten"}, "plan_baseline", "The baseline conversion rate is a percentage above 0"),
        ({"plan_baseline": ""}, "plan_baseline", "The baseline conversion rate is a percentage above 0"),
        ({"plan_uplift": "0"}, "plan_uplift", "The uplift is a percentage above 0"),
        ({"plan_uplift": "-10"}, "plan_uplift", "The uplift is a percentage above 0"),
        ({"plan_uplift": "nan"}, "plan_uplift", "The uplift is a percentage above 0"),
        ({"plan_baseline": "60", "plan_uplift": "100"}, "plan_uplift", "An uplift of 100 % takes the rate"),
        ({"plan_uplift": "0.01"}, "plan_uplift", "An uplift this small needs over 10,000,000 visitors"),
        ({"plan_uplift": "1e-300"}, "plan_uplift", "An uplift this small needs over 10,000,000 visitors"),
        ({"plan_baseline": "1e-300"}, "plan_uplift", "An uplift this small needs over 10,000,000 visitors"),
        ({"plan_power": "100"}, "plan_power", "Power is a percentage from 50 to below 100"),
        ({"plan_power": "20"}, "plan_power", "Power is a percentage from 50 to below 100"),
        ({"alpha": "x"}, "alpha", "The false-positive rate (alpha) is above 0 and at most 0.2"),
    ],
)
def test_bad_calculator_input_gets_a_message_on_its_field(app, changes, field, message):
    client = signed_in_client(app, "marketing")
    response = calculate(client, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">{message}' in page
    assert "visitors per variant (" not in page
    with app.app_context():
        assert db.session.scalar(select(Experiment.id)) is None
