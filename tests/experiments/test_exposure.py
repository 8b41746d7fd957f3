"""Assignment and exposure through the real endpoints (both backends): the variant a visitor sees,
who is enrolled, and the exposure rows the requests that showed a variant write."""

import pytest
from openapi_core import OpenAPI

from leadcapture.apidoc.document import openapi_document
from leadcapture.experiments.assignment import pick_variant
from leadcapture.experiments.exposure import show
from leadcapture.extensions import db
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.scoring_rules.draft import update_settings
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.scoring_rules.versions import publish
from leadcapture.tracking import VisitContext, identify
from tests.admin.signin import signed_in_client
from tests.api.test_openapi import checked
from tests.experiments.rows import BOLD, add_experiment, exposure_count, exposures, set_weights
from tests.live import BROWSER

MOBILE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
SUMMARY_FIRST = (("control", 50, {}), ("summary", 50, {"layout": "summary_first"}))
LAYOUT = {"key": "layout", "target": "result_page:cost_calculator", "variants": SUMMARY_FIRST}


def offer_form_from(score: int) -> None:
    seed_default_rules()
    update_settings({"form_threshold": score}, actor="test")
    publish("test")


@pytest.fixture(scope="module")
def spec():
    return OpenAPI.from_dict(openapi_document())


def use_tool(client, visitor_id: str, user_agent: str = BROWSER, **body) -> dict:
    body = {"procedures": ["botox"], "visitor_id": visitor_id, **body}
    response = client.post("/api/v1/tools/cost_calculator", json=body, headers={"User-Agent": user_agent})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def expected(visitor_id: str, key: str = "layout", weights=(("control", 50), ("summary", 50))) -> str:
    return pick_variant(key, visitor_id, weights)


def test_the_api_names_the_variant_it_used_and_logs_one_exposure(app, api):
    visitor = "visitor-api-0001"
    use_tool(api, visitor)
    use_tool(api, visitor, procedures=["dermal_fillers"])
    with app.app_context():
        experiment_id = add_experiment(**LAYOUT)
    variant = expected(visitor)
    for procedures in (["chemical_peel"], ["hydrafacial"]):
        answer = use_tool(api, visitor, procedures=procedures)
        assert answer["experiments"] == {"layout": variant}
        assert answer["result_layout"] == ("summary_first" if variant == "summary" else "standard")
    with app.app_context():
        (row,) = exposures(experiment_id)
        assert (row.visitor_id, row.variant, row.pre_activity) == (visitor, variant, 2)
        assert (row.device, row.returning_visitor) == ("desktop", False)


def test_the_same_visitor_gets_the_same_variant_in_another_app(make_app, database_url):
    first, second = make_app(), make_app()
    with first.app_context():
        seed_catalog()
        add_experiment(**LAYOUT)
    visitors = [f"visitor-apps-{n:04d}" for n in range(12)]
    seen = [use_tool(first.test_client(), visitor)["experiments"]["layout"] for visitor in visitors]
    with first.app_context():
        for row in exposures():
            db.session.delete(row)
        db.session.commit()
    again = [use_tool(second.test_client(), visitor)["experiments"]["layout"] for visitor in visitors]
    assert seen == again == [expected(visitor) for visitor in visitors]
    assert set(seen) == {"control", "summary"}


def test_bots_and_staff_are_never_enrolled(app, api):
    with app.app_context():
        add_experiment(variants=(("control", 0, {}), ("bold", 100, BOLD)))
        add_experiment(key="layout-all", target="result_page:cost_calculator", variants=SUMMARY_FIRST[1:])
    answer = use_tool(api, "visitor-bot-0001", user_agent=BOT)
    assert (answer["experiments"], answer["result_layout"]) == ({}, "standard")
    staff = signed_in_client(app, "marketing")
    page = staff.get("/tools/cost-calculator/").get_data(as_text=True)
    assert "Estimate the cost" in page and BOLD["cta_copy"] not in page
    with app.app_context():
        assert exposure_count() == 0


@pytest.mark.parametrize(
    ("audience", "enrolled", "not_enrolled"),
    [
        ({"audience_devices": ["mobile"]}, {"user_agent": MOBILE}, {}),
        (
            {"audience_campaigns": ["spring"]},
            {"page_url": "https://clinic.example/?utm_campaign=spring"},
            {"page_url": "https://clinic.example/?utm_campaign=autumn"},
        ),
        ({"traffic_percent": 0}, None, {}),
    ],
)
def test_the_audience_decides_who_is_enrolled(app, api, audience, enrolled, not_enrolled):
    with app.app_context():
        add_experiment(key="layout", target="result_page:cost_calculator", variants=SUMMARY_FIRST, **audience)
    assert use_tool(api, "visitor-out-0001", **not_enrolled)["experiments"] == {}
    if enrolled is not None:
        assert use_tool(api, "visitor-in-00001", **enrolled)["experiments"] == {
            "layout": expected("visitor-in-00001")
        }


def test_new_and_returning_visitors(app, api):
    with app.app_context():
        add_experiment(
            key="returning",
            target="result_page:cost_calculator",
            variants=SUMMARY_FIRST,
            audience_visitors="returning",
        )
        add_experiment(key="new", target="contact_form", audience_visitors="new", variants=(("c", 1, {}),))
    first = use_tool(api, "visitor-ret-0001")
    assert first["experiments"] == {"new": "c"}
    # Another campaign starts another session: the visitor is returning now.
    later = use_tool(api, "visitor-ret-0001", page_url="https://clinic.example/?utm_campaign=later")
    returning = expected("visitor-ret-0001", "returning")
    assert later["experiments"] == {"new": "c", "returning": returning}
    with app.app_context():
        assert {(row.variant, row.returning_visitor) for row in exposures()} == {
            ("c", False),
            (returning, True),
        }


def test_a_weight_change_keeps_those_already_exposed(app, api):
    with app.app_context():
        experiment_id = add_experiment(**{**LAYOUT, "variants": (("control", 100, {}), SUMMARY_FIRST[1])})
    assert use_tool(api, "visitor-early-01")["experiments"] == {"layout": "control"}
    with app.app_context():
        set_weights(experiment_id, {"control": 0, "summary": 100})
    assert use_tool(api, "visitor-early-01")["experiments"] == {"layout": "control"}
    late = use_tool(api, "visitor-late-001")
    assert (late["experiments"], late["result_layout"]) == ({"layout": "summary"}, "summary_first")


def test_the_contact_form_variant_changes_threshold_fields_and_copy(app, api, spec):
    copy = {"headline": "Get your quote", "button": "Call me"}
    with app.app_context():
        offer_form_from(100)
        add_experiment(
            key="form",
            target="contact_form",
            variants=(
                ("control", 0, {}),
                ("short", 100, {"threshold": 50, "fields": ["phone", "email"], "max_fields": 1, **copy}),
            ),
        )
    answer = checked(spec, api, "/api/v1/tools/cost_calculator", 200, json={"procedures": ["botox"]})
    assert (answer["show_contact_form"], answer["form_fields"], answer["form"]) == (True, ["phone"], copy)
    assert answer["experiments"] == {"form": "short"}


def test_a_copy_only_form_experiment_logs_nothing_when_the_form_is_not_shown(app, api):
    with app.app_context():
        offer_form_from(100)
        add_experiment(
            key="copy", target="contact_form", variants=(("c", 50, {}), ("t", 50, {"headline": "Hi"}))
        )
    answer = use_tool(api, "visitor-copy-001")
    assert (answer["show_contact_form"], answer["form"], answer["experiments"]) == (False, None, {})
    with app.app_context():
        assert exposure_count() == 0


def test_a_shipped_variant_shows_to_everyone_and_enrols_nobody(app, api):
    with app.app_context():
        add_experiment(**LAYOUT, status="shipped", shipped_variant="summary")
    for visitor, agent in (("visitor-ship-001", BROWSER), ("visitor-ship-002", BOT)):
        answer = use_tool(api, visitor, user_agent=agent)
        assert (answer["experiments"], answer["result_layout"]) == ({}, "summary_first")
    with app.app_context():
        assert exposure_count() == 0


def test_the_tool_page_shows_the_call_to_action_and_the_result_its_layout(app, api):
    with app.app_context():
        add_experiment(variants=(("control", 0, {}), ("bold", 100, BOLD)))
        add_experiment(key="layout-all", target="result_page:cost_calculator", variants=SUMMARY_FIRST[1:])
    page = api.get("/tools/cost-calculator/").get_data(as_text=True)
    assert BOLD["cta_copy"] in page and '"cta-copy": "bold"' in page
    with app.app_context():
        assert [row.variant for row in exposures()] == ["bold"]
    result = api.post("/tools/cost-calculator/", data={"procedures": ["botox"]}).get_data(as_text=True)
    assert 'data-layout="summary_first"' in result and BOLD["cta_copy"] in result
    assert result.index('data-testid="lead-score"') < result.index('data-testid="total"')
    assert '"layout-all": "summary"' in result
    with app.app_context():
        assert sorted(row.variant for row in exposures()) == ["bold", "summary"]


def test_an_other_tools_page_logs_no_exposure(app, api):
    with app.app_context():
        add_experiment(
            target="tool_page:ai_recommendation", variants=(("control", 0, {}), ("bold", 100, BOLD))
        )
    assert BOLD["cta_copy"] not in api.get("/tools/cost-calculator/").get_data(as_text=True)
    with app.app_context():
        assert exposure_count() == 0


def test_a_feedback_prompt_shows_the_variant_message(app, api, spec):
    ask = "Two clicks: did this help you choose?"
    with app.app_context():
        offer_form_from(100)  # the contact form would be the prompt on screen
        variants = (("c", 0, {}), ("t", 100, {"message": ask}))
        add_experiment(key="ask", target="feedback_prompt:tool_result", variants=variants)
    used = checked(spec, api, "/api/v1/tools/cost_calculator", 200, json={"procedures": ["botox"]})
    body = {"type": "tool_result", "interaction_id": used["interaction_id"]}
    shown = checked(spec, api, "/api/v1/prompts", 201, json=body)
    assert (shown["message"]["ask"], shown["experiments"]) == (ask, {"ask": "t"})
    with app.app_context():
        assert [row.variant for row in exposures()] == ["t"]


def test_the_exposure_is_rolled_back_with_its_request(app_ctx):
    add_experiment(variants=(("bold", 100, BOLD),))
    ctx = VisitContext(visitor_id="visitor-roll-001", user_agent=BROWSER)
    shown = show(ctx, identify(ctx), "tool_page:cost_calculator")
    assert (shown.variant, shown.exposed, exposure_count()) == ("bold", True, 1)
    db.session.rollback()  # the request failed after showing it
    assert exposure_count() == 0
