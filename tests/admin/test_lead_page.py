"""The lead page and the visitor journey: what sales see about one lead, in time order."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, SyncOutbox
from leadcapture.reports import journey as journey_module
from leadcapture.reports.journey import journey
from tests.admin.lead_data import CONSENT, build_story
from tests.admin.signin import signed_in_client

# What the journey of both visitors shows, oldest first.
JOURNEY = [
    ("session", "google / cpc / spring"),
    ("event", "https://clinic.example/tools"),
    ("interaction", "procedures: botox, hydrafacial; budget range: 1k_5k; urgency: flexible"),
    ("prompt", "Contact form offered"),
    ("prompt", "Contact form dismissed"),
    ("lead", "ann@example.com"),
    ("session", "newsletter / email / nov"),
    ("interaction", "query: botox for frown lines"),
    ("booking", "botox on"),
]


@pytest.fixture
def story(app):
    with app.app_context():
        return build_story()


def journey_shown(page: str) -> list[tuple[str, str]]:
    items = re.findall(r'data-kind="(\w+)">(.*?)</li>', page, re.S)
    return [(kind, " ".join(re.sub(r"<[^>]+>", " ", body).split())) for kind, body in items]


def matches(shown, expected):
    return len(shown) == len(expected) and all(
        kind == want_kind and want_text in text
        for (kind, text), (want_kind, want_text) in zip(shown, expected, strict=True)
    )


def test_lead_page_shows_everything_sales_need(app, story):
    page = signed_in_client(app, "sales").get(f"/admin/leads/{story['lead']}").get_data(as_text=True)
    assert 'data-testid="lead-email">ann@example.com<' in page
    assert matches(journey_shown(page), JOURNEY), journey_shown(page)
    # score and why: cost calculator 70, two procedures +15, a second interaction +5
    lines = re.findall(r'data-testid="score-line"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>', page)
    assert lines == [
        ("Cost calculator used", "70", "Used the cost calculator."),
        ("Multiple procedures", "15", "A cost-calculator interaction with 2 or more procedures."),
        ("Multiple interactions", "5", "5 points for each interaction after the first."),
    ]
    assert 'data-testid="lead-score">90<' in page
    assert "Scored with rule set version 1 " in page
    assert "Marketing consent: <strong>given</strong>" in page and CONSENT in page
    attribution = re.search(r'data-testid="attribution">.*?</section>', page, re.S).group(0)
    assert "<td>spring</td><td>spring</td>" in attribution and "<td>google</td>" in attribution
    assert "Converted after: cost calculator" in attribution
    assert 'data-testid="sync-pending">2 pending<' in page and "not synced yet" in page
    assert len(re.findall('data-testid="sync-row"', page)) == 2
    assert re.search(r'data-testid="booking">botox, \d{4}-\d\d-\d\d \d\d:\d\d UTC \(30 min\)', page)
    assert "2 visitors" in page


def test_sync_status_shows_dead_letters_with_their_error(app, story):
    with app.app_context():
        row = db.session.scalars(select(SyncOutbox).order_by(SyncOutbox.id)).first()
        row.status, row.last_error = "dead", "Email address ann@example is invalid"
        db.session.commit()
    page = signed_in_client(app, "sales").get(f"/admin/leads/{story['lead']}").get_data(as_text=True)
    assert 'data-testid="sync-dead">1 dead<' in page and "Email address ann@example is invalid" in page


def test_visitor_journey_page(app, story):
    page = signed_in_client(app, "sales").get(f"/admin/visitors/{story['a']}").get_data(as_text=True)
    assert matches(journey_shown(page), JOURNEY[:6])
    assert f'href="/admin/leads/{story["lead"]}"' in page
    session = journey_shown(page)[0][1]
    assert (
        "referrer:" in session and "landing: https://clinic.example/tools" in session and "mobile" in session
    )


def test_marketing_sees_journeys_without_lead_links(app, story):
    client = signed_in_client(app, "marketing")
    page = client.get(f"/admin/visitors/{story['a']}").get_data(as_text=True)
    assert "ann@example.com" in page and "/admin/leads/" not in page
    assert client.get(f"/admin/leads/{story['lead']}").status_code == 403


def test_unknown_lead_or_visitor_is_a_404(app):
    client = signed_in_client(app, "sales")
    assert client.get("/admin/leads/424242").status_code == 404
    assert client.get("/admin/visitors/nobody").status_code == 404
    assert app.test_client().get("/admin/visitors/nobody").status_code == 302


def test_long_journeys_keep_the_newest_items(app, story, monkeypatch):
    with app.app_context():
        newest = journey([story["a"], story["b"]], limit=3)
        assert newest.truncated and [item.kind for item in newest.items] == [
            "session",
            "interaction",
            "booking",
        ]
        assert not journey([story["a"], story["b"]]).truncated
        assert journey([]).items == []
    monkeypatch.setattr(journey_module, "MAX_ITEMS", 4)
    page = signed_in_client(app, "sales").get(f"/admin/visitors/{story['a']}").get_data(as_text=True)
    assert "Showing the latest 4 items" in page
    assert [kind for kind, _ in journey_shown(page)] == ["interaction", "prompt", "prompt", "lead"]


def test_prompt_submission_is_in_the_journey(app, story):
    with app.app_context():
        prompt = db.session.scalars(select(ContactPrompt)).one()
        prompt.status, prompt.submitted_at = "submitted", prompt.dismissed_at
        prompt.dismissed_at = None
        db.session.commit()
    page = signed_in_client(app, "sales").get(f"/admin/visitors/{story['a']}").get_data(as_text=True)
    assert "Contact form submitted" in page and "Contact form dismissed" not in page
