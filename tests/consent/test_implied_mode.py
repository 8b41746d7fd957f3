"""TRACKING_CONSENT=implied (the default): tracked as before, but the banner lets a person say no,
and a "no" stops tracking them; the consent form's bad input and forged answers are refused."""

import pytest
from flask import render_template_string

from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.consent.helpers import CALC, choose, consent_rows, nothing_tracked, set_cookies, tracked_rows


@pytest.fixture
def site(app):
    with app.app_context():
        seed_catalog()
    return app.test_client()


def test_visitors_are_tracked_until_they_say_no(app, site):
    page = site.get("/")
    html = page.get_data(as_text=True)
    assert "lc_vid" in set_cookies(page) and tracked_rows(app)["visit_sessions"] == 1
    assert 'data-testid="consent-banner"' in html and 'content="implied"' in html
    visitor_id = site.get_cookie("lc_vid").value

    response = choose(site, "necessary", "/tools/cost-calculator/?utm_campaign=x")
    assert response.status_code == 303 and response.location == "/tools/cost-calculator/?utm_campaign=x"
    assert site.get_cookie("lc_vid") is None and site.get_cookie("lc_consent").value == "necessary"
    [answer] = consent_rows(app)
    assert (answer.visitor_id, answer.analytics, answer.withdrawal) == (visitor_id, False, True)

    before = tracked_rows(app)
    page = site.get("/").get_data(as_text=True)
    assert 'data-testid="consent-banner"' not in page and 'data-testid="withdraw-tracking"' not in page
    assert site.post("/api/v1/tools/cost_calculator", json=CALC).get_json()["visitor_id"] is None
    assert site.post("/api/v1/events", json={"events": [{"type": "click"}]}).get_json()["accepted"] == 0
    assert tracked_rows(app) == before


def test_a_no_withdraws_implied_consent_even_before_any_tracking(app):
    client = app.test_client()
    choose(client, "necessary")  # straight from a bookmark: no visitor known
    choose(client, "necessary")  # again: tracking was off already
    answers = consent_rows(app)
    assert [(a.visitor_id, a.analytics, a.withdrawal) for a in answers] == [
        (None, False, True),
        (None, False, False),
    ]
    assert nothing_tracked(app)


def test_a_headless_client_can_say_no(app, site):
    body = site.post("/api/v1/tools/cost_calculator", json={**CALC, "analytics_consent": False}).get_json()
    assert body["visitor_id"] is None and body["result"]["items"]
    assert nothing_tracked(app)


@pytest.mark.parametrize("value", ["yes", 1, [], {"a": True}])
def test_a_bad_analytics_consent_gets_the_error_shape(app, site, value):
    for path, body in (("/api/v1/tools/cost_calculator", CALC), ("/api/v1/events", {"events": []})):
        response = site.post(path, json={**body, "analytics_consent": value})
        assert response.status_code == 422
        assert response.get_json()["error"]["fields"] == {"analytics_consent": "Must be true or false."}
    assert (
        site.post("/api/v1/leads", json={"email": "a@example.com", "analytics_consent": value}).status_code
        == 422
    )
    assert nothing_tracked(app)


@pytest.mark.parametrize("choice", ["", "everything", "ANALYTICS"])
def test_a_bad_choice_shows_the_form_again(app, choice):
    response = app.test_client().post("/consent/", data={"choice": choice})
    assert response.status_code == 422
    assert "Choose “Necessary only” or “Allow analytics”." in response.get_data(as_text=True)
    assert consent_rows(app) == [] and "lc_consent" not in set_cookies(response)


def test_a_choice_with_a_nul_byte_is_a_bad_request(app):
    response = app.test_client().post("/consent/", data={"choice": "necessary\x00"})
    assert response.status_code == 400
    assert consent_rows(app) == [] and "lc_consent" not in set_cookies(response)


@pytest.mark.parametrize(
    "target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "x" * 10, ""]
)
def test_only_local_pages_are_returned_to(app, target):
    response = choose(app.test_client(), "analytics", target)
    assert response.status_code == 303 and response.location == "/"


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}],
)
def test_another_site_cannot_answer_for_the_visitor(app, headers):
    response = app.test_client().post("/consent/", data={"choice": "analytics"}, headers=headers)
    assert response.status_code == 403 and "this site" in response.get_data(as_text=True)
    assert consent_rows(app) == [] and nothing_tracked(app)


def test_the_sites_own_pages_can_answer(app):
    headers = {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"}
    response = app.test_client().post("/consent/", data={"choice": "analytics"}, headers=headers)
    assert response.status_code == 303 and len(consent_rows(app)) == 1


def test_the_settings_page_shows_the_choice_and_goes_back(app, site):
    page = site.get("/consent/?next=/tools/booking/").get_data(as_text=True)
    assert "Analytics is <strong>on</strong> (you have not chosen yet)" in page
    assert 'name="next" value="/tools/booking/"' in page
    choose(site, "necessary")
    page = site.get("/consent/?next=//evil.example").get_data(as_text=True)
    assert "Analytics is <strong>off</strong> (your choice: necessary only)" in page
    assert 'name="next" value="/"' in page


def test_the_admin_has_no_banner(app):
    page = signed_in_client(app, "admin").get("/admin/").get_data(as_text=True)
    assert 'data-testid="consent-banner"' not in page and 'data-testid="site-footer"' not in page


def test_a_posted_page_sends_the_answer_back_to_the_page_that_posted(app, site):
    page = site.post(
        "/contact/", data={"email": "bad"}, headers={"Referer": "http://localhost/tools/booking/"}
    )
    assert 'name="next" value="/tools/booking/"' in page.get_data(as_text=True)
    page = site.post("/contact/", data={"email": "bad"}, headers={"Referer": "https://evil.example/x"})
    assert 'name="next" value="/"' in page.get_data(as_text=True)


def test_templates_rendered_outside_a_request_have_no_consent_state(app):
    with app.app_context():  # an email, say
        assert render_template_string("{{ tracking_consent is defined }}") == "False"
