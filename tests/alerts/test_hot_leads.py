"""Hot leads: a lead whose score rises to the threshold, or who books, is told at once to its owner
(every active salesperson while it has none) by email and notification, with the score's breakdown,
in the transaction that changed the score; the alert clears when the score falls back (or the
booked time comes) and a later rise tells again."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from leadcapture.accounts import ensure_user
from leadcapture.alerts.evaluate import evaluate_alerts
from leadcapture.alerts.rules import save_rule
from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, User
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.privacy.erase import erase_person
from leadcapture.visitor_scores.rescore import rescore_all
from tests.admin.signin import PASSWORD
from tests.alerts.helpers import enable, mails_to, notifications, open_ones
from tests.api.test_tools import BIG_CALC, SMALL_CALC, next_free_slot, use

SALES = ("sam@example.com", "sue@example.com")
MANAGER = "manager@example.com"
QUERY = {"query": "fine lines on my forehead"}  # the AI recommendation: 60 points


@pytest.fixture
def api(app):
    with app.app_context():
        seed_catalog()
        for email in SALES:
            ensure_user(email, PASSWORD, "sales")
        ensure_user("mo@example.com", PASSWORD, "marketing")
        enable("hot_lead", recipients=MANAGER, score=70)
    return app.test_client()


def leave_email(client, visitor_id: str, email: str = "ana@example.com") -> None:
    answer = client.post("/api/v1/leads", json={"visitor_id": visitor_id, "email": email, "name": "Ana"})
    assert answer.status_code == 201


def lead(email: str = "ana@example.com") -> Lead:
    db.session.expire_all()
    return db.session.scalars(db.select(Lead).where(Lead.email == email)).one()


def test_a_new_hot_lead_is_told_to_every_salesperson_with_its_breakdown(api, app):
    visitor = use(api, "cost_calculator", BIG_CALC)["visitor_id"]
    leave_email(api, visitor)
    with app.app_context():
        ana = lead()
        [alert] = notifications("hot_lead")
        assert (alert.cause, alert.lead_id, alert.for_role, alert.for_user_id) == (
            f"score:{ana.id}",
            ana.id,
            "sales",
            None,
        )
        assert alert.title == f"Lead #{ana.id} is hot: score 100"
        assert "from 0 to 100" in alert.body and "threshold of 70" in alert.body
        assert [(line["rule"], line["points"]) for line in alert.details] == [
            ("Cost calculator used", 70),
            ("Multiple procedures", 15),
            ("High budget", 20),
            ("Immediate urgency", 25),
        ]
        for address in (*SALES, MANAGER):
            [mail] = mails_to(address)
            assert mail.subject == alert.title
            assert "- High budget: 20 points" in mail.text_body
            assert f"http://127.0.0.1:5000/admin/leads/{ana.id}" in mail.text_body
            assert "<td>High budget</td><td>20</td>" in mail.html_body
            assert "ana@example.com" not in mail.text_body + mail.html_body  # no contact details by email
        assert mails_to("mo@example.com") == []


def test_an_owned_lead_crossing_later_is_told_to_its_owner_only(api, app):
    visitor = use(api, "ai_recommendation", QUERY)["visitor_id"]
    leave_email(api, visitor)
    with app.app_context():
        assert lead().score == 60 and notifications() == []  # below the threshold
        sam = db.session.scalars(db.select(User).where(User.email == SALES[0])).one()
        db.session.execute(update(Lead).values(owner_id=sam.id))
        db.session.commit()
        sam_id = sam.id
    use(api, "cost_calculator", {"visitor_id": visitor, **SMALL_CALC})  # 70 + 5: crosses on a tool use
    use(api, "cost_calculator", {"visitor_id": visitor, **BIG_CALC})  # higher still: told once only
    with app.app_context():
        [alert] = notifications("hot_lead")
        assert (alert.for_user_id, alert.for_role, alert.title) == (
            sam_id,
            None,
            f"Lead #{lead().id} is hot: score 75",
        )
        assert len(mails_to(SALES[0])) == 1 and mails_to(SALES[1]) == [] and len(mails_to(MANAGER)) == 1


def test_a_deactivated_owner_s_lead_goes_to_every_salesperson(api, app):
    visitor = use(api, "ai_recommendation", QUERY)["visitor_id"]
    leave_email(api, visitor)
    with app.app_context():
        db.session.execute(update(User).where(User.email == SALES[0]).values(active=False))
        sam_id = db.session.scalar(db.select(User.id).where(User.email == SALES[0]))
        db.session.execute(update(Lead).values(owner_id=sam_id))
        db.session.commit()
    use(api, "cost_calculator", {"visitor_id": visitor, **SMALL_CALC})
    with app.app_context():
        assert notifications("hot_lead")[0].for_role == "sales"
        assert mails_to(SALES[0]) == [] and len(mails_to(SALES[1])) == 1


def test_nothing_is_told_while_the_rule_is_off(api, app):
    with app.app_context():
        save_rule("hot_lead", False, {"score": 70}, MANAGER, None)
    leave_email(api, use(api, "cost_calculator", BIG_CALC)["visitor_id"])
    with app.app_context():
        assert notifications() == [] and mails_to(SALES[0]) == mails_to(MANAGER) == []


def test_a_booking_is_told_once_with_its_time_and_score(api, app):
    slot = next_free_slot(api)
    body = {"procedure": "botox", "slot": slot, "email": "bea@example.com", "name": "Bea"}
    booking_id = use(api, "appointment_booking", body)["result"]["booking_id"]
    with app.app_context():
        bea = lead("bea@example.com")
        [alert] = notifications("hot_lead")  # its score crossed too: the booking tells it
        assert alert.cause == f"booking:{booking_id}" and alert.lead_id == bea.id
        assert alert.title.startswith(f"Lead #{bea.id} booked Botox for ")
        assert "The lead's score is now 90." in alert.body
        assert [line["rule"] for line in alert.details] == ["Appointment booked"]
        assert [mail.subject for mail in mails_to(SALES[0])] == [alert.title]


def test_a_rescore_that_raises_a_lead_tells_its_owner(api, app):
    leave_email(api, use(api, "cost_calculator", BIG_CALC)["visitor_id"])
    with app.app_context():
        ana = lead()
        db.session.execute(update(Lead).values(score=40))  # as an older rule set scored it
        evaluate_alerts()  # 40 is below the threshold: the alert clears
        assert open_ones("hot_lead") == {}
        rescore_all()
        opened = open_ones("hot_lead")
        assert list(opened) == [f"score:{ana.id}"]
        assert "from 40 to 100" in opened[f"score:{ana.id}"].body
        assert len(mails_to(SALES[0])) == 2


def test_the_alerts_clear_when_the_score_falls_and_when_the_booked_time_comes(api, app):
    leave_email(api, use(api, "cost_calculator", BIG_CALC)["visitor_id"])
    slot = next_free_slot(api)
    use(
        api,
        "appointment_booking",
        {"procedure": "botox", "slot": slot, "email": "bea@example.com", "name": "Bea"},
    )
    with app.app_context():
        ana = lead()
        booking = db.session.scalars(db.select(Booking)).one()
        assert set(open_ones("hot_lead")) == {f"score:{ana.id}", f"booking:{booking.id}"}
        now = utcnow()
        assert evaluate_alerts(now)["hot_lead"].cleared == 0  # both still hold
        db.session.execute(update(Lead).where(Lead.id == ana.id).values(score=69))
        db.session.commit()
        assert evaluate_alerts(now)["hot_lead"].cleared == 1
        assert set(open_ones("hot_lead")) == {f"booking:{booking.id}"}
        assert evaluate_alerts(booking.slot_start + timedelta(seconds=1))["hot_lead"].cleared == 1
        assert open_ones("hot_lead") == {}


def test_a_deleted_lead_is_not_told_about(api, app):
    visitor = use(api, "ai_recommendation", QUERY)["visitor_id"]
    leave_email(api, visitor)
    with app.app_context():
        db.session.execute(update(Lead).values(deleted_at=utcnow()))
        db.session.commit()
    use(api, "cost_calculator", {"visitor_id": visitor, **BIG_CALC})
    with app.app_context():
        assert notifications() == []


def test_erasing_the_person_deletes_the_alerts_about_them(api, app):
    leave_email(api, use(api, "cost_calculator", BIG_CALC)["visitor_id"])
    with app.app_context():
        assert len(notifications("hot_lead")) == 1
        assert erase_person("ana@example.com").counts["notifications"] == 1
        assert notifications() == []
