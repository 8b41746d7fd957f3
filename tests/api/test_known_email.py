"""A known email and a new one get the same public answer (status, keys, the visitor's own score, the
same SQL statements), and a public submission never changes what a known lead holds."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, SubmittedDetail
from leadcapture.models.catalog_store import seed_catalog
from tests.api.test_tools import BIG_CALC, SMALL_CALC, next_free_slot, use
from tests.statements import statements_sent

ANA = {
    "email": "ana@example.com",
    "name": "Ana Lopez",
    "phone": "+1 415 555 0100",
    "company": "Lopez Dental",
    "consent_marketing": True,
}
STRANGER = {"name": "Mallory", "phone": "+1 212 555 0199", "company": "Nosy Inc", "consent_marketing": False}
ANSWER_KEYS = {"accepted", "visitor_id", "lead_score", "engagement_level"}


@pytest.fixture
def api(app):
    """The API with Ana's lead: a high-scoring visitor who left her name, phone and company."""
    with app.app_context():
        seed_catalog()
    client = app.test_client()
    use(client, "cost_calculator", BIG_CALC)
    assert client.post("/api/v1/leads", json=ANA).status_code == 201
    return app.test_client()


def stored_lead(app, email="ana@example.com") -> Lead:
    with app.app_context():
        lead = db.session.scalars(select(Lead).where(Lead.email == email)).one()
        db.session.expunge(lead)
        return lead


def submit_from_a_new_browser(app, email: str, tool=None, statements=None):
    """A new browser (after using ``tool``, if any) submits ``email`` with a stranger's details."""
    client = app.test_client()
    if tool:
        use(client, *tool)
    with statements_sent(app) as sent:
        response = client.post("/api/v1/leads", json={"email": email, **STRANGER})
    if statements is not None:
        statements.extend(sent)
    return response


def test_known_and_new_emails_get_the_same_answer(api, app):
    tool = ("ai_recommendation", {"query": "wrinkles on my forehead"})
    known = submit_from_a_new_browser(app, "ANA@example.com", tool)
    new = submit_from_a_new_browser(app, "someone.else@example.com", tool)
    assert known.status_code == new.status_code == 201
    assert known.get_json().keys() == new.get_json().keys() == ANSWER_KEYS
    for answer in (known.get_json(), new.get_json()):
        assert (answer["accepted"], answer["lead_score"], answer["engagement_level"]) == (True, 60, "medium")
    assert stored_lead(app).score == 100  # the lead's combined score is staff's alone


@pytest.mark.parametrize("tool", [None, ("cost_calculator", SMALL_CALC)], ids=["no_tool", "after_a_tool"])
def test_known_and_new_emails_take_the_same_sql_statements(api, app, tool):
    known, new = [], []
    submit_from_a_new_browser(app, "ana@example.com", tool, known)
    submit_from_a_new_browser(app, "new@example.com", tool, new)
    assert known and [verb(sql) for sql in known] == [verb(sql) for sql in new]


def verb(sql: str) -> str:
    """A statement's kind and table: ``INSERT INTO leads``, ``SELECT FROM visitor_scores``, ..."""
    words = re.findall(r"\w+", sql)
    table = words[words.index("FROM") + 1] if "FROM" in words else " ".join(words[1:3])
    return f"{words[0]} {table}"


def test_the_stored_details_stay_and_the_differing_ones_wait_for_staff(api, app):
    submit_from_a_new_browser(app, "Ana@Example.com")
    lead = stored_lead(app)
    assert (lead.name, lead.phone, lead.company) == ("Ana Lopez", "+14155550100", "Lopez Dental")
    assert lead.consent_marketing  # an unticked box withdraws nothing
    with app.app_context():
        waiting = db.session.execute(
            select(SubmittedDetail.field, SubmittedDetail.value).where(SubmittedDetail.state == "pending")
        ).all()
    assert sorted(waiting) == [("company", "Nosy Inc"), ("name", "Mallory"), ("phone", "+12125550199")]


def test_an_empty_field_of_a_known_lead_is_filled(api, app):
    api.post("/api/v1/leads", json={"email": "ana@example.com", "preferred_contact_time": "evening"})
    assert stored_lead(app).preferred_contact_time == "evening"


def test_a_second_visitor_is_asked_for_what_they_did_not_give(api, app):
    client = app.test_client()
    use(client, "ai_recommendation", {"query": "wrinkles"})
    assert (
        client.post("/api/v1/leads", json={"email": "ana@example.com", "name": "Mallory"}).status_code == 201
    )
    body = use(client, "cost_calculator", BIG_CALC)
    # Ana's lead holds a phone, a company and no contact time; this visitor gave an email and a name.
    assert body["show_contact_form"] and body["form_fields"] == ["phone", "preferred_contact_time", "company"]


def test_tool_answers_show_the_visitor_s_own_score(api, app):
    client = app.test_client()
    client.post("/api/v1/leads", json={"email": "ana@example.com"})
    body = use(client, "ai_recommendation", {"query": "wrinkles"})
    assert (body["lead_score"], body["engagement_level"]) == (60, "medium")
    assert body["score_breakdown"] == [{"rule": "AI recommendation used", "points": 60}]
    assert "lead_id" not in body
    assert stored_lead(app).score == 100  # Ana's calculator: capped, combined for staff


def test_booking_with_a_known_email_answers_as_with_a_new_one(api, app):
    answers = []
    for email in ("ana@example.com", "new@example.com"):
        booking = {"procedure": "botox", "slot": next_free_slot(api), "email": email, "name": "Mallory"}
        answers.append(use(app.test_client(), "appointment_booking", booking))
    known, new = answers
    assert known.keys() == new.keys() and "lead_id" not in known
    assert (
        (known["lead_score"], known["score_breakdown"])
        == (new["lead_score"], new["score_breakdown"])
        == (
            90,
            [{"rule": "Appointment booked", "points": 90}],
        )
    )
    assert stored_lead(app).name == "Ana Lopez"


def test_errors_do_not_depend_on_the_email_being_known(api):
    taken = next_free_slot(api)
    use(
        api,
        "appointment_booking",
        {"procedure": "botox", "slot": taken, "email": "x@example.com", "name": "X"},
    )

    def errors(email: str) -> list[tuple[int, dict]]:
        booking = {"procedure": "botox", "email": email, "name": "Mallory"}
        answers = [
            api.post("/api/v1/leads", json={"email": email, "phone": "12"}),
            api.post("/api/v1/tools/appointment_booking", json=booking | {"slot": "tomorrow"}),
            api.post("/api/v1/tools/appointment_booking", json=booking | {"slot": taken}),
        ]
        return [(answer.status_code, answer.get_json()) for answer in answers]

    known = errors("ana@example.com")
    assert known == errors("new@example.com")
    assert [status for status, _ in known] == [422, 422, 409]


def test_the_thank_you_page_shows_only_what_the_visitor_typed(api):
    page = api.post("/contact/", data={"email": "ana@example.com", "name": "Mallory"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Thank you, Mallory!" in html and "Ana" not in html


def test_a_booking_with_a_known_or_new_email_takes_the_same_sql_statements(api, app):
    known, new = [], []
    for email, sent in (("ana@example.com", known), ("new@example.com", new)):
        booking = {"procedure": "botox", "slot": next_free_slot(api), "email": email, "name": "Mallory"}
        with statements_sent(app) as statements:
            assert (
                app.test_client().post("/api/v1/tools/appointment_booking", json=booking).status_code == 200
            )
        sent.extend(statements)
    assert known and [verb(sql) for sql in known] == [verb(sql) for sql in new]
