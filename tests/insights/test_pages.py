"""The pages: the next-actions list (sorts, SALES_SEE scoping), the rule editor (validation with
clear form errors, audit) and the Insights box on the lead page."""

import re

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.insights.rules import seed_next_action_rules
from leadcapture.models import AdminAuditEntry, Lead, NextActionRule
from tests.admin.analytics_data import csv_rows
from tests.admin.lead_data import user_id
from tests.admin.signin import signed_in_client
from tests.insights.journeys import CALC, NOW, lead, refreshed, session, visitor


def leads_with_actions(app, owner_email: str | None = None) -> dict[str, int]:
    """Three leads with actions (one owned by ``owner_email``'s colleague) and one without."""
    with app.app_context():
        seed_next_action_rules()
        calc, hot, quiet = visitor(), visitor(), visitor()
        session(calc, 10, {CALC: (2, 2)})
        session(hot, 1)
        session(quiet, 40)
        ids = {
            "price": lead(calc, score=20),
            "call": lead(hot, score=90, level="high"),
            "reengage": lead(quiet, score=75, level="high"),
            "none": lead(visitor(), score=10),
        }
        if owner_email:
            db.session.get(Lead, ids["call"]).owner_id = user_id("colleague@example.com")
        refreshed(now=NOW)
        return ids


def listed(client, **args) -> list[int]:
    page = client.get("/admin/next-actions", query_string=args)
    assert page.status_code == 200
    return [int(found) for found in re.findall(r'data-testid="action-row" data-lead="(\d+)"', page.text)]


def test_the_list_sorts_by_priority_score_and_last_activity(app):
    ids = leads_with_actions(app)
    sales = signed_in_client(app, "sales")
    assert listed(sales) == [ids["call"], ids["price"], ids["reengage"]]
    assert listed(sales, sort="score") == [ids["call"], ids["reengage"], ids["price"]]
    assert listed(sales, sort="last_activity") == [ids["call"], ids["price"], ids["reengage"]]
    assert sales.get("/admin/next-actions?sort=mood").status_code == 400
    assert signed_in_client(app, "marketing").get("/admin/next-actions").status_code == 403


def test_sales_see_only_their_leads_with_sales_see_own(make_app):
    app = make_app(SALES_SEE="own")
    ids = leads_with_actions(app, owner_email="colleague@example.com")
    sales = signed_in_client(app, "sales")
    assert listed(sales) == [ids["price"], ids["reengage"]]
    assert ids["call"] in listed(signed_in_client(app, "admin"))
    _, rows = csv_rows(sales, "/admin/next-actions.csv")
    assert [int(row[0]) for row in rows] == [ids["price"], ids["reengage"]]


def test_the_csv_has_every_lead_of_the_list_in_its_order_and_is_audited(app):
    ids = leads_with_actions(app)
    sales = signed_in_client(app, "sales")
    assert 'data-testid="csv-link"' in sales.get("/admin/next-actions?sort=score").text
    header, rows = csv_rows(sales, "/admin/next-actions.csv?sort=score")
    assert header[:4] == ["lead_id", "email", "name", "next_actions"]
    assert [int(row[0]) for row in rows] == listed(sales, sort="score")
    price = next(row for row in rows if int(row[0]) == ids["price"])
    assert "Send the price list" in price[3] and price[-1] == "cost_calculator"
    assert sales.get("/admin/next-actions.csv?sort=mood").status_code == 400
    assert signed_in_client(app, "marketing").get("/admin/next-actions.csv").status_code == 403
    with app.app_context():
        exports = db.session.scalars(
            select(AdminAuditEntry.action).where(AdminAuditEntry.action == "next_actions.export")
        ).all()
    assert exports == ["next_actions.export"]


def test_the_lead_page_shows_the_insights_box(app):
    ids = leads_with_actions(app)
    page = signed_in_client(app, "sales").get(f"/admin/leads/{ids['price']}").text
    box = page[page.index('data-testid="insights"') :]
    assert "Send the price list" in box and 'data-testid="insight-tool-uses">2<' in box
    assert "cost_calculator" in box


def test_the_visitor_page_shows_the_visitors_own_insights(app):
    with app.app_context():
        seed_next_action_rules()
        calc, fresh = visitor(), visitor()
        session(calc, 10, {CALC: (2, 2)})
        refreshed(now=NOW)
    marketing = signed_in_client(app, "marketing")
    page = marketing.get(f"/admin/visitors/{calc}").text
    box = page[page.index('data-testid="insights"') :]
    assert 'data-testid="insight-tool-uses">2<' in box and "(mostly cost_calculator)" in box
    not_yet = marketing.get(f"/admin/visitors/{fresh}").text
    assert "Not worked out yet" in not_yet[not_yet.index('data-testid="insights"') :]


def test_the_rule_editor_refuses_bad_rules_and_audits_good_ones(app):
    admin = signed_in_client(app, "admin")
    bad = admin.post(
        "/admin/next-actions/rules",
        data={"action": "", "condition": "score >= lots", "priority": "0", "enabled": "y"},
    )
    assert bad.status_code == 400
    assert "score is a whole number" in bad.text and "from 1 (most urgent)" in bad.text
    good = admin.post(
        "/admin/next-actions/rules",
        data={"action": "Book a consultation", "condition": "abandoned_booking = yes", "priority": "15"},
    )
    assert good.status_code == 302
    with app.app_context():
        rule = db.session.scalars(select(NextActionRule)).one()
        assert (rule.action, rule.priority, rule.enabled) == ("Book a consultation", 15, False)
        rule_id = rule.id
    assert admin.post(f"/admin/next-actions/rules/{rule_id}/enable").status_code == 302
    assert admin.post(f"/admin/next-actions/rules/{rule_id}/delete").status_code == 302
    assert admin.post(f"/admin/next-actions/rules/{rule_id}/delete").status_code == 404
    with app.app_context():
        actions = db.session.scalars(
            select(AdminAuditEntry.action)
            .where(AdminAuditEntry.action.startswith("next_action."))
            .order_by(AdminAuditEntry.id)
        ).all()
        assert actions == ["next_action.save", "next_action.enable", "next_action.delete"]
    assert signed_in_client(app, "sales").get("/admin/next-actions/rules").status_code == 403
