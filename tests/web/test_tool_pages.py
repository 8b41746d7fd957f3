"""The HTML tool pages: forms without JavaScript, results, the progressive form, CSRF."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, Lead
from leadcapture.models.catalog_store import seed_catalog

PAGES = ["/tools/recommendation/", "/tools/face-analysis/", "/tools/cost-calculator/", "/tools/booking/"]


@pytest.fixture
def site(app):
    with app.app_context():
        seed_catalog()
    return app.test_client()


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_tool_page_renders_a_form_and_sets_the_visitor_cookie(site, path):
    response = site.get(path)
    assert response.status_code == 200
    assert 'data-testid="tool-form"' in response.get_data(as_text=True)
    assert "lc_vid=" in response.headers.get("Set-Cookie", "")


def test_home_links_every_tool(site):
    html = site.get("/").get_data(as_text=True)
    assert all(f'href="{path}"' in html for path in PAGES)


def test_spec_example_through_the_cost_calculator_page(site, app):
    page = site.post(
        "/tools/cost-calculator/",
        data={"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'data-testid="lead-score">100<' in html and "high interest" in html
    assert 'data-testid="contact-form"' in html and 'name="email"' in html and 'name="phone"' in html

    thanks = site.post(
        "/contact/",
        data={
            "email": "page@example.com",
            "name": "Pat",
            "consent_marketing": "on",
            "prompt_id": hidden(html, "prompt_id"),
            "interaction_id": hidden(html, "interaction_id"),
            "next": "/tools/cost-calculator/",
        },
    )
    assert thanks.status_code == 200 and 'data-testid="thanks"' in thanks.get_data(as_text=True)
    with app.app_context():
        lead = db.session.scalars(select(Lead)).one()
        assert (lead.email, lead.name, lead.score, lead.consent_marketing) == (
            "page@example.com",
            "Pat",
            100,
            True,
        )
        assert lead.consent_text == app.config["CONSENT_TEXT"]

    second = site.post("/tools/recommendation/", data={"query": "what about my acne scars"}).get_data(
        as_text=True
    )
    fields = re.findall(r'name="fields" value="([^"]+)"', second)
    assert fields and "email" not in fields and "name" not in fields


def test_spec_example_two_tools_through_the_pages(site):
    site.post("/tools/recommendation/", data={"query": "fine lines on my forehead"})
    html = site.post(
        "/tools/cost-calculator/",
        data={"procedures": ["botox"], "budget_range": "under_1k", "urgency": "flexible"},
    ).get_data(as_text=True)
    assert 'data-testid="lead-score">75<' in html


def test_field_errors_are_shown_next_to_the_form(site):
    page = site.post("/tools/cost-calculator/", data={"budget_range": "over_10k"})
    assert page.status_code == 422
    assert "Please correct the highlighted fields." in page.get_data(as_text=True)
    contact = site.post("/contact/", data={"email": "not an email", "fields": ["email"]})
    assert contact.status_code == 422 and 'aria-invalid="true"' in contact.get_data(as_text=True)


def test_dismissing_the_form_is_recorded(site, app):
    html = site.post(
        "/tools/cost-calculator/", data={"procedures": ["botox", "thread_lift"], "budget_range": "over_10k"}
    ).get_data(as_text=True)
    prompt_id = hidden(html, "prompt_id")
    response = site.post("/contact/dismiss", data={"prompt_id": prompt_id, "next": "/tools/cost-calculator/"})
    assert response.status_code == 302 and response.location.endswith("/tools/cost-calculator/")
    with app.app_context():
        assert db.session.get(ContactPrompt, prompt_id).status == "dismissed"
    again = site.post("/tools/cost-calculator/", data={"procedures": ["botox"]}).get_data(as_text=True)
    assert 'data-testid="contact-form"' not in again


def test_booking_page_books_and_links_the_calendar_file(site):
    slot = site.get("/tools/booking/").get_data(as_text=True).split('<option value="20')[1].split('"')[0]
    page = site.post(
        "/tools/booking/",
        data={"procedure": "hydrafacial", "slot": "20" + slot, "name": "Bo", "email": "bo@example.com"},
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="booked"' in html
    ics = re.search(r'href="(/tools/booking/[0-9a-f]+\.ics)"', html).group(1)
    assert site.get(ics).data.startswith(b"BEGIN:VCALENDAR")


def test_face_analysis_needs_consent_for_a_photo(site):
    page = site.post(
        "/tools/face-analysis/",
        data={
            "concerns": ["acne"],
            "photo": (__import__("io").BytesIO(b"\xff\xd8\xff" + b"0" * 100), "me.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert page.status_code == 422 and "agree" in page.get_data(as_text=True)


@pytest.mark.parametrize("path", [*PAGES, "/contact/", "/contact/dismiss"])
def test_forms_need_a_csrf_token(make_app, path):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert client.post(path, data={"query": "wrinkles"}).status_code == 400
