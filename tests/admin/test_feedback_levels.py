"""The drill-down of seed 002's three levels: organisation → person → session → the journey around
the feedback; a lead's feedback on its page for sales; feedback in journeys."""

import re

import pytest

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import Lead
from tests.admin import report_data as data
from tests.admin.feedback_data import feedback
from tests.admin.signin import PASSWORD, signed_in_client

WEEK = "from=2026-03-01&to=2026-03-07"
LEE = {"organisation": "Lee Skin Studio", "organisation_key": "lee skin studio"}


@pytest.fixture
def studio(app) -> dict:
    """Lee Skin Studio: Ana (a lead, two visits with feedback), an anonymous visitor, and feedback
    given without tracking; another organisation's feedback beside it."""
    with app.app_context():
        ana, anon, other = data.visitor("v-ana"), data.visitor("v-anon"), data.visitor("v-other")
        first = data.session(ana, "2026-03-01 10:00", campaign="spring")
        second = data.session(ana, "2026-03-04 12:00")
        anon_visit = data.session(anon, "2026-03-02 09:00")
        data.tool_use(ana, first, "cost_calculator", "2026-03-01 10:05")
        data.tool_use(ana, second, "face_analysis", "2026-03-04 12:02")
        lead = data.lead("2026-03-01 10:07", visitors=[ana])
        ids = {
            "lead": lead,
            "first": first,
            "second": second,
            "ana_first": feedback(
                "2026-03-01 10:06",
                5,
                "So clear, thanks",
                visitor_id=ana,
                session_id=first,
                lead_id=lead,
                name="Ana Lee",
                email="ana@leeskin.example",
                tool="cost_calculator",
                **LEE,
            ),
            "ana_second": feedback(
                "2026-03-04 12:03", 3, visitor_id=ana, session_id=second, lead_id=lead, **LEE
            ),
            "anon": feedback(
                "2026-03-02 09:05", 2, "Slow upload", visitor_id=anon, session_id=anon_visit, **LEE
            ),
            "untracked": feedback("2026-03-03 18:00", 4, "Nice", **LEE),
            "other": feedback(
                "2026-03-02 10:00",
                1,
                visitor_id=other,
                organisation_key="acme.example",
                email="bo@acme.example",
            ),
        }
        db.session.commit()
    return ids


def people(html: str) -> list[tuple[str, str]]:
    """(name shown, feedback count) of the organisation page's people."""
    rows = re.findall(
        r'data-testid="person">\s*<td>(.*?)</td>\s*<td class="number" data-testid="person-count">(\d+)<',
        html,
        re.S,
    )
    return [(" ".join(re.sub(r"<[^>]+>", " ", name).split()), count) for name, count in rows]


def test_organisation_page_lists_its_people_and_feedback(app, studio):
    client = signed_in_client(app, "marketing")
    html = client.get(f"/admin/feedback/organisations/lee skin studio?{WEEK}").get_data(as_text=True)
    assert re.search(r'data-testid="organisation-name">([^<]*)<', html).group(1) == "Lee Skin Studio"
    assert re.search(r'data-testid="value-count">([^<]*)<', html).group(1) == "4"
    assert re.search(r'data-testid="value-average">([^<]*)<', html).group(1) == "3.50"
    # The most feedback first, then the latest.
    assert people(html) == [
        ("Ana Lee ana@leeskin.example", "2"),
        ("anonymous (no visit tracked)", "1"),
        ("anonymous visitor v-anon", "1"),
    ]
    assert f'href="/admin/feedback/leads/{studio["lead"]}"' in html
    assert 'href="/admin/feedback/visitors/v-anon"' in html
    assert html.count('data-testid="feedback-row"') == 4
    # The organisation's link from the report carries the period; in another, it may have none.
    april = client.get("/admin/feedback/organisations/lee skin studio?from=2026-04-01&to=2026-04-07")
    assert re.search(r'data-testid="value-count">([^<]*)<', april.get_data(as_text=True)).group(1) == "0"
    assert client.get(f"/admin/feedback/organisations/nobody?{WEEK}").status_code == 404


def test_person_page_lists_their_visits_with_feedback(app, studio):
    with app.app_context():
        quiet = data.visitor("v-quiet")
        db.session.commit()
    client = signed_in_client(app, "marketing")
    html = client.get(f"/admin/feedback/leads/{studio['lead']}").get_data(as_text=True)
    assert re.search(r'data-testid="person-name">([^<]*)<', html).group(1) == "Ana Lee"
    visits = re.findall(r'href="/admin/feedback/sessions/([0-9a-f]+)" data-testid="session-link"', html)
    assert visits == [studio["second"], studio["first"]]  # the latest first
    assert html.count('data-testid="feedback-row"') == 2
    assert 'data-testid="lead-link"' not in html  # marketing does not see leads
    assert 'data-testid="lead-link"' in signed_in_client(app, "admin").get(
        f"/admin/feedback/leads/{studio['lead']}"
    ).get_data(as_text=True)
    anonymous = client.get("/admin/feedback/visitors/v-anon").get_data(as_text=True)
    assert "Anonymous visitor v-anon" in anonymous and anonymous.count('data-testid="feedback-row"') == 1
    for missing in (
        "/admin/feedback/leads/999",
        "/admin/feedback/leads/x",
        "/admin/feedback/visitors/nobody",
    ):
        assert client.get(missing).status_code == 404
    quiet_page = client.get(f"/admin/feedback/visitors/{quiet}")
    assert quiet_page.status_code == 200 and 'data-testid="feedback-row"' not in quiet_page.get_data(
        as_text=True
    )


def test_session_page_shows_the_journey_around_the_feedback(app, studio):
    client = signed_in_client(app, "marketing")
    html = client.get(f"/admin/feedback/sessions/{studio['first']}").get_data(as_text=True)
    kinds = re.findall(r'data-testid="journey-item" data-kind="([^"]+)"', html)
    assert kinds == ["session", "interaction", "feedback", "lead"]  # nothing of the visit on 03-04
    assert f'href="/admin/feedback/{studio["ana_first"]}" data-testid="journey-feedback"' in html
    assert "cost calculator" in html and "face analysis" not in html
    assert client.get("/admin/feedback/sessions/nope").status_code == 404


def test_feedback_page_links_its_three_levels(app, studio):
    html = (
        signed_in_client(app, "marketing")
        .get(f"/admin/feedback/{studio['ana_first']}")
        .get_data(as_text=True)
    )
    assert 'href="/admin/feedback/organisations/lee%20skin%20studio" data-testid="organisation-link"' in html
    assert f'href="/admin/feedback/leads/{studio["lead"]}" data-testid="person-link"' in html
    assert f'href="/admin/feedback/sessions/{studio["first"]}" data-testid="session-link"' in html


def test_sales_see_a_leads_feedback_on_its_page_without_feedback_links(app, studio):
    page = signed_in_client(app, "sales").get(f"/admin/leads/{studio['lead']}").get_data(as_text=True)
    section = re.search(r'data-testid="lead-feedback">(.*?)</section>', page, re.S).group(1)
    assert section.count('data-testid="feedback-row"') == 2 and "So clear, thanks" in section
    assert "2 given, average rating 4.00" in section
    assert "/admin/feedback" not in section
    admin = signed_in_client(app, "admin").get(f"/admin/leads/{studio['lead']}").get_data(as_text=True)
    assert f'href="/admin/feedback/{studio["ana_first"]}"' in admin


def test_sales_limited_to_their_own_leads_do_not_see_anothers_feedback(make_app, studio):
    app = make_app(SALES_SEE="own")
    with app.app_context():
        colleague, _created = ensure_user("colleague@example.com", PASSWORD, "sales")
        db.session.get(Lead, studio["lead"]).owner_id = colleague.id
        db.session.commit()
    assert signed_in_client(app, "sales").get(f"/admin/leads/{studio['lead']}").status_code == 404


def test_the_visitor_journey_shows_feedback_linked_for_marketing(app, studio):
    html = signed_in_client(app, "marketing").get("/admin/visitors/v-ana").get_data(as_text=True)
    assert html.count('data-kind="feedback"') == 2
    assert f'href="/admin/feedback/{studio["ana_second"]}" data-testid="journey-feedback"' in html
    sales = signed_in_client(app, "sales").get("/admin/visitors/v-ana").get_data(as_text=True)
    assert sales.count('data-kind="feedback"') == 2 and 'data-testid="journey-feedback"' not in sales
