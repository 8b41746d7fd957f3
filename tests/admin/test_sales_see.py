"""SALES_SEE: with ``all`` (the default) sales see every lead; with ``own`` only the leads assigned to
them and the unassigned ones, on every page that reads leads (list, CSV, lead page and its actions,
journeys, interactions log and its CSV), as if the others did not exist. Admins and marketing are not
limited."""

import csv
import io
import re

import pytest

from config import Config, settings_from_environment
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.models import LeadVisitor
from tests.admin.lead_data import BASE, make_lead, user_id
from tests.admin.signin import signed_in_client

PERIOD = "from=2026-02-27&to=2026-03-10"
EVERYONE = ["ann@example.com", "bob@example.com", "cy@example.com"]
SAMS = ["ann@example.com", "cy@example.com"]  # assigned to Sam, and unassigned


@pytest.fixture(params=["all", "own"])
def sales_see(request):
    return request.param


@pytest.fixture
def story(make_app, sales_see):
    """Ann's lead is Sam's (the "sales" staff user), Bob's is Sue's, Cy's is nobody's; Ann's browser
    also gave Bob's email."""
    app = make_app(SALES_SEE=sales_see)
    with app.app_context():
        sam, sue = user_id("sales@example.com"), user_id("sue@example.com")
        ann = make_lead("ann@example.com", 0, ("cost_calculator",), sam)
        bob = make_lead("bob@example.com", 1, ("ai_recommendation",), sue)
        cy = make_lead("cy@example.com", 2, ("face_analysis",))
        visitors = {lead.email: visitor_of(lead.id) for lead in (ann, bob, cy)}
        db.session.add(LeadVisitor(lead_id=bob.id, visitor_id=visitors["ann@example.com"], linked_at=BASE))
        db.session.commit()
        ids = {lead.email: lead.id for lead in (ann, bob, cy)}
    return app, ids, visitors


def visitor_of(lead_id: int) -> str:
    return db.session.query(LeadVisitor.visitor_id).filter_by(lead_id=lead_id).scalar()


def user_id_of(app, email: str) -> int:
    with app.app_context():
        return user_id(email)


def seen(sales_see: str) -> list[str]:
    return EVERYONE if sales_see == "all" else SAMS


def listed_emails(page: str) -> list[str]:
    return sorted(re.findall(r'data-testid="lead-email">([^<]+)<', page))


def test_the_default_is_all():
    assert Config.SALES_SEE == "all"


def test_the_lead_list_and_the_csv(story, sales_see):
    app, _ids, _visitors = story
    sales = signed_in_client(app, "sales")
    assert listed_emails(sales.get("/admin/leads").get_data(as_text=True)) == seen(sales_see)
    # Asking for Sue's leads by name shows none of them in "own" mode.
    sue = user_id_of(app, "sue@example.com")
    wanted = ["bob@example.com"] if sales_see == "all" else []
    assert listed_emails(sales.get(f"/admin/leads?owner={sue}").get_data(as_text=True)) == wanted
    csv = sales.get("/admin/leads.csv").get_data(as_text=True)
    assert sorted(re.findall(r"^\d+,[^,]+,([^,]+),", csv, re.M)) == seen(sales_see)


def test_the_lead_page_and_its_actions(story, sales_see):
    app, ids, _visitors = story
    sales = signed_in_client(app, "sales")
    bob = ids["bob@example.com"]
    hidden = sales_see == "own"
    assert sales.get(f"/admin/leads/{ids['cy@example.com']}").status_code == 200
    assert sales.get(f"/admin/leads/{bob}").status_code == (404 if hidden else 200)
    actions = [
        (f"/admin/leads/{bob}/notes", {"text": "Called."}),
        (f"/admin/leads/{bob}/status", {"status": "contacted", "from": "new"}),
        (f"/admin/leads/{bob}/owner", {"owner_id": ""}),
    ]
    for path, form in actions:
        assert sales.post(path, data=form).status_code == (404 if hidden else 303), path


def test_journeys_leave_out_other_peoples_leads(story, sales_see):
    app, ids, visitors = story
    sales = signed_in_client(app, "sales")
    hidden = sales_see == "own"
    assert sales.get(f"/admin/visitors/{visitors['cy@example.com']}").status_code == 200
    # Ann's browser belongs to Bob's lead too, so in "own" mode its journey is Sue's business.
    expected = 404 if hidden else 200
    assert sales.get(f"/admin/visitors/{visitors['bob@example.com']}").status_code == expected
    assert sales.get(f"/admin/visitors/{visitors['ann@example.com']}").status_code == expected
    # Ann's own page shows her journey, but not that the browser also became Bob's lead.
    ann = sales.get(f"/admin/leads/{ids['ann@example.com']}").get_data(as_text=True)
    assert ann.count('data-kind="lead"') == (1 if hidden else 2)
    assert ("bob@example.com" in ann) is not hidden


def test_the_interactions_log(story, sales_see):
    app, _ids, visitors = story
    sales = signed_in_client(app, "sales")
    page = sales.get(f"/admin/interactions?{PERIOD}").get_data(as_text=True)
    shown = set(re.findall(r"/admin/visitors/(\w+)", page))
    expected = {visitors["cy@example.com"]} if sales_see == "own" else set(visitors.values())
    assert shown == expected
    exported = csv.DictReader(
        io.StringIO(sales.get(f"/admin/interactions.csv?{PERIOD}").get_data(as_text=True))
    )
    assert {row["visitor_id"] for row in exported} == expected


@pytest.mark.parametrize("role", ["admin", "marketing"])
def test_other_roles_see_everything_in_own_mode(make_app, role):
    app = make_app(SALES_SEE="own")
    with app.app_context():
        make_lead("bob@example.com", 1, ("ai_recommendation",), user_id("sue@example.com"))
        db.session.commit()
    client = signed_in_client(app, role)
    page = client.get(f"/admin/interactions?{PERIOD}").get_data(as_text=True)
    assert len(re.findall(r'data-testid="interaction-row"', page)) == 1
    if role == "admin":
        assert listed_emails(client.get("/admin/leads").get_data(as_text=True)) == ["bob@example.com"]


def test_the_setting_is_read_from_the_environment_and_a_bad_one_refused(monkeypatch):
    assert settings_from_environment({"SALES_SEE": " Own "}) == {"SALES_SEE": "own"}
    monkeypatch.setenv("SALES_SEE", "mine")
    with pytest.raises(RuntimeError, match="SALES_SEE must be one of all, own, not 'mine'"):
        create_app()


def test_an_unassigned_lead_given_to_sue_leaves_sams_list_in_own_mode(story, sales_see):
    app, ids, _visitors = story
    sam = signed_in_client(app, "sales")
    sue = user_id_of(app, "sue@example.com")
    cy = ids["cy@example.com"]
    assert sam.post(f"/admin/leads/{cy}/owner", data={"owner_id": str(sue)}).status_code == 303
    after = listed_emails(sam.get("/admin/leads").get_data(as_text=True))
    assert ("cy@example.com" in after) is (sales_see == "all")
