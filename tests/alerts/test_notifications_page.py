"""/admin/notifications and the bell: each user sees the alerts for them, their role or all staff
(admins see every one), the bell counts those opened since they last opened the page."""

import re

from sqlalchemy import select

from leadcapture.accounts import ensure_user
from leadcapture.alerts import open_alert
from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import User
from tests.admin.signin import PASSWORD, signed_in_client, staff_email


def bell(client) -> int:
    page = client.get("/admin/").get_data(as_text=True)
    return int(re.search(r'data-unread="(\d+)"', page).group(1))


def titles(client, path: str = "/admin/notifications") -> list[str]:
    page = client.get(path).get_data(as_text=True)
    return re.findall(r'<p class="notification-title"><a href="[^"]*">([^<]+)</a>', page)


def open_alerts(app) -> None:
    """One alert for each audience: all staff, sales, marketing, admins, one salesperson."""
    with app.app_context():
        ensure_user(staff_email("sales"), PASSWORD, "sales")
        other, _ = ensure_user("sue@example.com", PASSWORD, "sales")
        audiences = [
            ("For all", None, None),
            ("For sales", "sales", None),
            ("For marketing", "marketing", None),
        ]
        audiences += [("For admins", "admin", None), ("For Sue", None, other.id)]
        for title, role, user_id in audiences:
            open_alert("test", title, title, "Body.", for_role=role, for_user_id=user_id)
        db.session.commit()


def test_each_role_sees_its_notifications_and_the_bell_counts_the_unread(app):
    clients = {role: signed_in_client(app, role) for role in ("admin", "sales", "marketing")}
    open_alerts(app)
    assert {role: bell(client) for role, client in clients.items()} == {
        "admin": 5,
        "sales": 2,
        "marketing": 2,
    }
    assert titles(clients["sales"]) == ["For sales", "For all"]
    assert titles(clients["marketing"]) == ["For marketing", "For all"]
    assert titles(clients["admin"]) == ["For Sue", "For admins", "For marketing", "For sales", "For all"]
    assert bell(clients["sales"]) == 0  # opening the page read them
    page = clients["sales"].get("/admin/notifications").get_data(as_text=True)
    assert '<strong class="badge">new</strong>' not in page
    with app.app_context():
        open_alert("test", "later", "Later", "Body.", for_role="sales")
        db.session.commit()
    assert bell(clients["sales"]) == 1 and bell(clients["marketing"]) == 0  # for sales only


def test_a_lead_s_notification_names_the_lead_and_links_to_it(app):
    client = signed_in_client(app, "sales")
    with app.app_context():
        lead = capture_scored_lead(None, ContactDetails(email="ana@example.com", name="Ana Lopez")).lead
        open_alert(
            "hot_lead", f"score:{lead.id}", "Lead is hot", "Score 80.", lead_id=lead.id, for_role="sales"
        )
        db.session.commit()
        lead_id = lead.id
    page = client.get("/admin/notifications").get_data(as_text=True)
    assert f'<a href="/admin/leads/{lead_id}">Lead is hot</a>' in page and "(Ana Lopez)" in page
    assert '<strong class="badge">new</strong>' in page and "open</p>" in page


def test_older_notifications_come_a_page_at_a_time(app):
    client = signed_in_client(app, "marketing")
    with app.app_context():
        for number in range(51):
            open_alert("test", str(number), f"Alert {number}", "Body.", for_role=None)
        db.session.commit()
        seen_before = db.session.scalar(select(User.notifications_seen_at).where(User.role == "marketing"))
    first = titles(client)
    assert len(first) == 50 and first[0] == "Alert 50"
    older = client.get("/admin/notifications").get_data(as_text=True)
    link = re.search(r'href="(/admin/notifications\?before=\d+)"', older).group(1)
    assert titles(client, link) == ["Alert 0"]
    assert seen_before is None
    assert titles(client, "/admin/notifications?before=nonsense")[0] == "Alert 50"


def test_with_sales_see_own_a_salesperson_sees_no_alert_about_another_s_lead(make_app):
    app = make_app(SALES_SEE="own")
    sam, sue = signed_in_client(app, "sales"), signed_in_client(app, "admin")
    with app.app_context():
        sue_id = ensure_user("sue@example.com", PASSWORD, "sales")[0].id
        leads = [capture_scored_lead(None, ContactDetails(email=f"{name}@example.com")).lead for name in "ab"]
        for lead in leads:
            open_alert(
                "hot_lead",
                f"score:{lead.id}",
                f"Lead {lead.email[0]}",
                "Hot.",
                lead_id=lead.id,
                for_role="sales",
            )
        leads[1].owner_id = sue_id  # assigned to Sue after the alert went to every salesperson
        db.session.commit()
    assert titles(sam) == ["Lead a"] and bell(sam) == 0
    assert titles(sue) == ["Lead b", "Lead a"]  # the admin sees both
