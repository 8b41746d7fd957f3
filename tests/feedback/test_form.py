"""The feedback form at /feedback/ without JavaScript: a plain POST with the page's CSRF token,
errors shown by field with what was typed kept, a thank-you page, the prompt's context kept."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.api.test_tools import SMALL_CALC, use

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def stored(app) -> list[Feedback]:
    with app.app_context():
        rows = list(db.session.scalars(select(Feedback)))
        db.session.expunge_all()
        return rows


def hidden(page: str, name: str) -> str:
    return re.search(rf'type="hidden" name="{name}" value="([^"]*)"', page).group(1)


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        seed_catalog()
    return app


def test_a_rating_under_a_tool_result_is_sent_with_the_pages_token(csrf_app):
    client = csrf_app.test_client()
    answer = use(client, "cost_calculator", SMALL_CALC)
    query = f"context=tool_result&interaction_id={answer['interaction_id']}&next=/tools/cost-calculator/"
    page = client.get(f"/feedback/?{query}").get_data(as_text=True)
    assert hidden(page, "context") == "tool_result" and hidden(page, "next") == "/tools/cost-calculator/"
    form = {name: hidden(page, name) for name in ("context", "interaction_id", "prompt_id", "tool", "next")}
    body = {
        **form,
        "rating": "4",
        "rating_tool": "5",
        "ease_of_use": "easy",
        "helpfulness": "",
        "would_book": "yes",
        "comment": "Clear prices, thank you!",
        "csrf_token": TOKEN.search(page).group(1),
    }
    response = client.post("/feedback/", data=body)
    assert response.status_code == 200
    thanks = response.get_data(as_text=True)
    assert 'data-testid="feedback-thanks"' in thanks and 'href="/tools/cost-calculator/"' in thanks
    (row,) = stored(csrf_app)
    assert (row.rating, row.rating_tool, row.rating_experience, row.ease_of_use, row.helpfulness) == (
        4,
        5,
        None,
        "easy",
        None,
    )
    assert (row.context, row.tool, row.would_book, row.sentiment_label) == (
        "tool_result",
        "cost_calculator",
        "yes",
        "positive",
    )
    assert row.visitor_id == answer["visitor_id"]


def test_a_post_without_the_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    client.get("/feedback/")
    response = client.post("/feedback/", data={"rating": "5", "context": "in_app"})
    assert response.status_code == 400 and "CSRF token" in response.get_data(as_text=True)
    assert stored(csrf_app) == []


def test_errors_are_shown_by_field_and_what_was_typed_is_kept(app, client):
    form = {
        "context": "in_app",
        "rating_experience": "9",
        "comment": "Lovely " * 800,
        "email": "ana@",
        "name": "Ana",
        "follow_up_consent": "on",
    }
    response = client.post("/feedback/", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for field in ("rating", "rating_experience", "comment", "email"):
        assert f'id="{field}-error"' in page, field
        assert f'aria-describedby="{field}-error"' in page, field
    assert "Rate from 1 to 5." in page and "at most 5000 characters" in page
    assert 'value="Ana"' in page and 'value="ana@"' in page and "Lovely Lovely" in page
    assert 'name="follow_up_consent" checked' in page
    assert stored(app) == []


def test_an_unknown_context_or_an_outside_next_falls_back(client):
    page = client.get("/feedback/?context=popup&next=//evil.example/").get_data(as_text=True)
    assert hidden(page, "context") == "in_app" and hidden(page, "next") == "/"


def test_the_page_view_is_tracked_so_the_feedback_has_its_visitor(app, client):
    client.get("/feedback/")
    visitor_id = client.get_cookie("lc_vid").value
    assert client.post("/feedback/", data={"rating": "3", "context": "in_app"}).status_code == 200
    assert [row.visitor_id for row in stored(app)] == [visitor_id]


def test_staff_are_told_they_cannot_leave_feedback(app):
    client = signed_in_client(app, "admin")
    response = client.post("/feedback/", data={"rating": "3", "context": "in_app"})
    assert response.status_code == 403
    assert "Signed-in staff and automated clients cannot leave feedback." in response.get_data(as_text=True)
