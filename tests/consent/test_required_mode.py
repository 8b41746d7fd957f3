"""TRACKING_CONSENT=required: before a visitor allows analytics no lc_vid cookie and no tracked row,
yet the tools answer (stateless) and the contact form makes leads; after a "yes", tracking as usual."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Booking, Interaction, LeadVisitor, Visitor, VisitSession
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.consent.helpers import (
    CALC,
    choose,
    consent_rows,
    leads,
    nothing_tracked,
    set_cookies,
    tracked_rows,
)

SPRING = "/?utm_source=google&utm_medium=cpc&utm_campaign=spring"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture
def app(make_app):
    app = make_app(TRACKING_CONSENT="required")
    with app.app_context():
        seed_catalog()
    return app


@pytest.fixture
def site(app):
    return app.test_client()


@pytest.mark.parametrize("path", ["/", SPRING, "/tools/cost-calculator/", "/tools/booking/", "/consent/"])
def test_pages_set_no_visitor_cookie_and_store_nothing_before_consent(app, site, path):
    response = site.get(path)
    assert response.status_code == 200
    assert "lc_vid" not in set_cookies(response)
    assert nothing_tracked(app)
    html = response.get_data(as_text=True)
    assert '<meta name="lc-tracking-consent" content="required">' in html
    assert ('data-testid="consent-banner"' in html) is (path != "/consent/")
    assert 'data-testid="withdraw-tracking"' not in html  # nothing to withdraw yet


def test_a_tool_page_answers_without_tracking(app, site):
    page = site.post("/tools/cost-calculator/", data=CALC)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="result"' in html
    assert 'data-testid="contact-form"' not in html and 'data-testid="lead-score"' not in html
    assert "lc_vid" not in set_cookies(page)
    assert nothing_tracked(app)


def test_the_api_answers_statelessly_before_consent(app, site):
    body = site.post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    assert body["result"]["items"] and body["result"]["total_high"] > 0
    assert [body[key] for key in ("visitor_id", "session_id", "interaction_id", "prompt_id")] == [None] * 4
    assert (body["show_contact_form"], body["form_fields"], body["lead_score"]) == (False, [], 0)
    events = site.post("/api/v1/events", json={"events": [{"type": "page_view"}, {"type": "nope"}]})
    assert events.status_code == 202
    assert events.get_json() == {
        "accepted": 0,
        "rejected": [{"index": 1, "error": events.get_json()["rejected"][0]["error"]}],
        "analytics_consent": False,
    }
    assert "lc_vid" not in set_cookies(events)
    assert nothing_tracked(app)


def test_a_headless_client_says_consent_in_the_body(app, site):
    body = site.post("/api/v1/tools/cost_calculator", json={**CALC, "analytics_consent": True}).get_json()
    assert body["visitor_id"] and body["interaction_id"] and body["lead_score"] == 100
    events = site.post(
        "/api/v1/events",
        json={"events": [{"type": "click"}], "visitor_id": body["visitor_id"], "analytics_consent": True},
    ).get_json()
    assert events == {"accepted": 1, "rejected": [], "visitor_id": body["visitor_id"]}
    assert tracked_rows(app)["behaviour_events"] == 1
    multipart = site.post(
        "/api/v1/tools/face_analysis",
        data={"concerns": "acne", "analytics_consent": "true"},
        content_type="multipart/form-data",
    ).get_json()
    assert multipart["interaction_id"]


def test_the_contact_form_still_makes_a_lead_linked_to_no_visitor(app, site):
    thanks = site.post(
        "/contact/", data={"email": "Pat@Example.com", "name": "Pat", "consent_marketing": "on"}
    )
    assert thanks.status_code == 200 and 'data-testid="thanks"' in thanks.get_data(as_text=True)
    api = site.post("/api/v1/leads", json={"email": "sam@example.com", "consent_marketing": False})
    assert api.status_code == 201
    assert [(lead.email, lead.consent_marketing) for lead in leads(app)] == [
        ("pat@example.com", True),
        ("sam@example.com", False),
    ]
    assert nothing_tracked(app)


def test_a_booking_makes_its_lead_without_a_visitor(app, site):
    slot = site.get("/tools/booking/").get_data(as_text=True).split('<option value="20')[1].split('"')[0]
    page = site.post(
        "/tools/booking/",
        data={"procedure": "hydrafacial", "slot": "20" + slot, "name": "Bo", "email": "bo@example.com"},
    )
    assert page.status_code == 200 and 'data-testid="booked"' in page.get_data(as_text=True)
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        assert booking.visitor_id is None and booking.lead_id == leads(app)[0].id
    assert nothing_tracked(app)


def test_staff_and_bots_still_cannot_leave_leads(app):
    bot = app.test_client().post(
        "/api/v1/leads", json={"email": "x@example.com"}, headers={"User-Agent": GOOGLEBOT}
    )
    staff = signed_in_client(app, "sales").post("/api/v1/leads", json={"email": "y@example.com"})
    assert (bot.status_code, staff.status_code) == (403, 403)
    assert bot.get_json()["error"]["code"] == "forbidden"
    assert leads(app) == []


def test_allowing_analytics_starts_tracking_from_the_page_it_was_given_on(app, site):
    site.get(SPRING, headers={"Referer": "https://www.google.com/"})
    response = choose(site, "analytics", SPRING, referrer="https://www.google.com/")
    assert response.status_code == 303 and response.location == SPRING
    cookies = set_cookies(response)
    assert "lc_consent=analytics" in cookies["lc_consent"] and "HttpOnly" not in cookies["lc_consent"]
    visitor_id = site.get_cookie("lc_vid").value
    [answer] = consent_rows(app)
    assert (answer.visitor_id, answer.analytics, answer.withdrawal) == (visitor_id, True, False)
    assert answer.text == app.config["TRACKING_CONSENT_TEXT"]
    with app.app_context():
        session = db.session.scalars(select(VisitSession)).one()
        assert (session.utm_campaign, session.referrer_class, session.landing_page) == (
            "spring",
            "search",
            "http://localhost/",
        )

    page = site.get(SPRING).get_data(as_text=True)
    assert 'data-testid="consent-banner"' not in page and 'data-testid="withdraw-tracking"' in page
    body = site.post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    assert body["visitor_id"] == visitor_id and body["show_contact_form"] is True
    site.post("/contact/", data={"email": "ana@example.com", "prompt_id": body["prompt_id"]})
    with app.app_context():
        assert db.session.scalars(select(VisitSession.visitor_id)).all() == [visitor_id]
        assert db.session.scalars(select(Interaction.visitor_id)).all() == [visitor_id]
        assert db.session.scalars(select(LeadVisitor.visitor_id)).all() == [visitor_id]


def test_a_persons_no_is_never_overridden_by_a_client(app, site):
    choose(site, "necessary")
    body = site.post("/api/v1/tools/cost_calculator", json={**CALC, "analytics_consent": True}).get_json()
    assert body["visitor_id"] is None
    assert nothing_tracked(app)


def test_withdrawing_from_the_footer_clears_the_cookie_and_stops_tracking(app, site):
    choose(site, "analytics", "/tools/cost-calculator/")
    visitor_id = site.get_cookie("lc_vid").value
    before = tracked_rows(app)
    page = site.get("/tools/cost-calculator/").get_data(as_text=True)
    assert 'name="choice" value="necessary"' in page.split('data-testid="site-footer"')[1]

    response = choose(site, "necessary", "/tools/cost-calculator/")
    assert response.status_code == 303 and response.location == "/tools/cost-calculator/"
    assert site.get_cookie("lc_vid") is None and site.get_cookie("lc_consent").value == "necessary"
    assert "Expires=Thu, 01 Jan 1970" in set_cookies(response)["lc_vid"]
    withdrawal = consent_rows(app)[-1]
    assert (withdrawal.visitor_id, withdrawal.analytics, withdrawal.withdrawal) == (visitor_id, False, True)

    site.get("/")
    body = site.post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    assert body["visitor_id"] is None
    assert tracked_rows(app) == before
    with app.app_context():
        assert db.session.get(Visitor, visitor_id) is not None  # withdrawal stops tracking, erases nothing
