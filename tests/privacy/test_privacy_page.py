"""The /privacy page: one form for the three requests, the same answer for any address, errors by
field, and no tracking."""

import pytest

from tests.privacy.helpers import BASE_URL, add_lead, emailed_link, kept_mail, logged_requests


@pytest.fixture
def app(make_app):
    return make_app(PUBLIC_BASE_URL=BASE_URL)


def test_the_page_offers_the_three_requests_and_tracks_no_one(client):
    page = client.get("/privacy")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="privacy-form"' in text
    for kind in ("export", "erase", "withdraw_consent"):
        assert f'value="{kind}"' in text
    assert not [cookie for cookie in page.headers.getlist("Set-Cookie") if cookie.startswith("lc_vid=")]
    home = client.get("/")  # where the tracker does identify the visitor
    assert [cookie for cookie in home.headers.getlist("Set-Cookie") if cookie.startswith("lc_vid=")]
    # Every public page's footer leads to it.
    assert 'href="/privacy" data-testid="privacy-link"' in home.get_data(as_text=True)


@pytest.mark.parametrize("kind", ["export", "erase", "withdraw_consent"])
def test_known_and_unknown_addresses_get_the_same_answer(app, kind):
    client = app.test_client()
    with app.app_context():
        add_lead("known@example.com")
    answers = [
        client.post("/privacy", data={"email": email, "kind": kind})
        for email in ("known@example.com", "nobody@example.com")
    ]
    assert [(a.status_code, a.location) for a in answers] == [(302, "/privacy/sent")] * 2
    sent = client.get("/privacy/sent")
    assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
    for email in ("known@example.com", "nobody@example.com"):
        assert emailed_link(app, email).startswith("/privacy/confirm/")
    with app.app_context():
        assert {r.kind for r in logged_requests()} == {kind}


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "no-at-sign", "kind": "export"}, "email address must have an @-sign"),
        ({"email": "", "kind": "erase"}, "email"),
        ({"email": "ana@example.com", "kind": "everything"}, "Input should be"),
        ({"email": "ana@example.com"}, "Input should be"),
    ],
)
def test_bad_input_is_shown_on_the_form(app, form, message):
    answer = app.test_client().post("/privacy", data=form)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Please correct the highlighted fields" in text and message in text
    assert f'value="{form["email"]}"' in text  # what was typed stays
    with app.app_context():
        assert kept_mail() == [] and logged_requests() == []
