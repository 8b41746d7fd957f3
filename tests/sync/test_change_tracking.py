"""Every path that changes a synced field of a lead reaches HubSpot: the outbox row is written by the
change itself (sync/changes.py), and the inline worker brings the fake HubSpot the new value."""

import pytest
from sqlalchemy import select

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.integrations.hubspot_properties import contact_properties
from leadcapture.leads.lifecycle import advanced_stage
from leadcapture.leads.workflow import add_note
from leadcapture.models import Lead, LeadNote, ScoringRule, SubmittedDetail, SyncOutbox, User
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.scoring_rules.draft import update_rule
from leadcapture.sync.changes import SYNCED
from leadcapture.sync.job import sync_pending
from leadcapture.visitor_scores.publishing import publish_and_rescore
from leadcapture.visitor_scores.rescore import rescore_all
from tests.admin.signin import signed_in_client, staff_email
from tests.sync.helpers import submit_lead, wait_until

SMALL_CALC = {"procedures": ["botox"], "budget_range": "under_1k"}
OTHER_CALC = {"procedures": ["hydrafacial"], "budget_range": "under_1k"}
BIG_CALC = {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"}
WRINKLES = {"query": "fine lines and wrinkles on my forehead"}


@pytest.fixture
def app(synced_app):
    app = synced_app()
    with app.app_context():
        seed_catalog()
    return app


def use(client, tool: str, body: dict) -> dict:
    response = client.post(f"/api/v1/tools/{tool}", json=body)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def leave_email(client, email: str, **extra) -> int:
    """Submit the contact form through the API; the id of the email's lead (read as staff would)."""
    response = client.post("/api/v1/leads", json={"email": email, "consent_marketing": False, **extra})
    assert response.status_code == 201, response.get_json()
    with client.application.app_context():
        lead_id = db.session.scalar(select(Lead.id).where(Lead.email == email.lower()))
        db.session.rollback()
    return lead_id


def in_hubspot(fake_hubspot, email: str, **expected) -> dict:
    """Wait until HubSpot's contact for ``email`` has the ``expected`` property values."""

    def holds():
        properties = fake_hubspot.contacts.get(email, {}).get("properties", {})
        return properties if expected.items() <= properties.items() else None

    return wait_until(holds, what=f"HubSpot to hold {expected} for {email}")


def synced_lead(app, fake_hubspot, email: str = "ana@example.com", tool=("cost_calculator", SMALL_CALC)):
    """A browser that used ``tool`` and left ``email``, once HubSpot has the lead; its client and id."""
    client = app.test_client()
    use(client, *tool)
    lead_id = leave_email(client, email)
    in_hubspot(fake_hubspot, email, leadcapture_lead_id=str(lead_id))
    return client, lead_id


def outbox_rows(lead_id: int) -> list[SyncOutbox]:
    rows = list(
        db.session.scalars(select(SyncOutbox).where(SyncOutbox.lead_id == lead_id).order_by(SyncOutbox.id))
    )
    db.session.rollback()
    return rows


def test_another_tool_use_by_a_synced_lead_reaches_hubspot(app, fake_hubspot):
    client, _ = synced_lead(app, fake_hubspot)
    assert fake_hubspot.contacts["ana@example.com"]["properties"]["leadcapture_score"] == "70"
    body = use(client, "cost_calculator", OTHER_CALC)  # no form, no new lead: only the tool
    assert body["lead_score"] == 75
    in_hubspot(fake_hubspot, "ana@example.com", leadcapture_score="75")


def test_a_new_tool_reaches_hubspot_while_the_score_stays_capped(app, fake_hubspot):
    client, lead_id = synced_lead(app, fake_hubspot, tool=("cost_calculator", BIG_CALC))
    assert use(client, "ai_recommendation", WRINKLES)["lead_score"] == 100
    properties = in_hubspot(
        fake_hubspot, "ana@example.com", leadcapture_tools_used="ai_recommendation;cost_calculator"
    )
    assert properties["leadcapture_score"] == "100"
    with app.app_context():
        assert outbox_rows(lead_id)[-1].reason == "tools"


def test_a_booking_by_the_leads_visitor_reaches_hubspot(app, fake_hubspot):
    client, _ = synced_lead(app, fake_hubspot)
    page = client.get("/tools/booking/").get_data(as_text=True)
    slot = page.split('<option value="')[-1].split('"')[0]
    booking = {"procedure": "botox", "slot": slot, "email": "ana@example.com", "name": "Ana Lopez"}
    assert use(client, "appointment_booking", booking)["lead_score"] == 95
    in_hubspot(
        fake_hubspot,
        "ana@example.com",
        leadcapture_score="95",
        leadcapture_tools_used="appointment_booking;cost_calculator",
        firstname="Ana",
    )


def test_a_second_browser_merging_into_the_lead_reaches_hubspot(app, fake_hubspot):
    synced_lead(app, fake_hubspot, "two@example.com", tool=("ai_recommendation", WRINKLES))
    assert fake_hubspot.contacts["two@example.com"]["properties"]["lifecyclestage"] == "lead"  # 60: medium
    second = app.test_client()
    use(second, "cost_calculator", SMALL_CALC)
    leave_email(second, "TWO@example.com")
    in_hubspot(
        fake_hubspot,
        "two@example.com",
        leadcapture_score="75",
        leadcapture_tools_used="ai_recommendation;cost_calculator",
        lifecyclestage="marketingqualifiedlead",
    )


def test_a_rescore_after_publishing_and_restoring_reaches_hubspot(app, fake_hubspot):
    synced_lead(app, fake_hubspot)
    with app.app_context():
        calculator = db.session.scalars(select(ScoringRule).where(ScoringRule.name == "Cost calculator used"))
        update_rule(calculator.one().id, {"points": 30}, actor="admin@example.com")
        publish_and_rescore("admin@example.com")  # the rescore runs inline, then the sync
    # a low score now, but the lifecycle stage never goes back
    in_hubspot(
        fake_hubspot,
        "ana@example.com",
        leadcapture_score="30",
        leadcapture_engagement="low",
        lifecyclestage="marketingqualifiedlead",
    )
    result = app.test_cli_runner().invoke(args=["scoring", "restore", "1"])
    assert result.exit_code == 0, result.output
    in_hubspot(fake_hubspot, "ana@example.com", leadcapture_score="70", leadcapture_engagement="high")


def test_a_submitted_value_accepted_by_sales_reaches_hubspot(app, fake_hubspot):
    client = app.test_client()
    use(client, "cost_calculator", SMALL_CALC)
    lead_id = leave_email(client, "ana@example.com", name="Ana Lopez")
    in_hubspot(fake_hubspot, "ana@example.com", firstname="Ana", lastname="Lopez")
    leave_email(app.test_client(), "ANA@example.com", name="Ana María López", company="Lopez Dental")
    properties = in_hubspot(fake_hubspot, "ana@example.com", company="Lopez Dental")  # an empty field
    assert properties["lastname"] == "Lopez"  # the stored name waits for staff
    with app.app_context():
        pending = db.session.scalars(
            select(SubmittedDetail.id).where(SubmittedDetail.state == "pending")
        ).one()
    sales = signed_in_client(app, "sales")
    assert sales.post(f"/admin/leads/{lead_id}/submitted/{pending}/accept").status_code == 303
    in_hubspot(fake_hubspot, "ana@example.com", firstname="Ana María", lastname="López")
    with app.app_context():
        assert outbox_rows(lead_id)[-1].reason == "contact"


def test_workflow_moves_reach_hubspot_and_the_stage_only_moves_forward(app, fake_hubspot):
    _, lead_id = synced_lead(app, fake_hubspot)
    sales = signed_in_client(app, "sales")

    def move(to_status: str, **expected) -> None:
        assert sales.post(f"/admin/leads/{lead_id}/status", data={"status": to_status}).status_code == 303
        in_hubspot(fake_hubspot, "ana@example.com", leadcapture_status=to_status, **expected)

    move("contacted", hs_lead_status="CONNECTED", lifecyclestage="marketingqualifiedlead")
    move("qualified", hs_lead_status="OPEN_DEAL", lifecyclestage="salesqualifiedlead")
    move("won", hs_lead_status="OPEN_DEAL", lifecyclestage="customer")
    move("qualified", lifecyclestage="customer")  # reopened: still a customer once won
    move("lost", hs_lead_status="UNQUALIFIED", lifecyclestage="customer")


def test_a_qualified_lead_that_is_lost_stays_sales_qualified(app, fake_hubspot):
    _, lead_id = synced_lead(app, fake_hubspot)
    sales = signed_in_client(app, "sales")
    for to_status in ("contacted", "qualified", "lost"):
        sales.post(f"/admin/leads/{lead_id}/status", data={"status": to_status})
    in_hubspot(
        fake_hubspot, "ana@example.com", hs_lead_status="UNQUALIFIED", lifecyclestage="salesqualifiedlead"
    )


def test_an_owner_assignment_reaches_hubspot(app, fake_hubspot):
    _, lead_id = synced_lead(app, fake_hubspot)
    admin = signed_in_client(app, "admin")
    with app.app_context():
        owner = db.session.scalars(select(User).where(User.email == staff_email("admin"))).one()
    admin.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": str(owner.id)})
    in_hubspot(fake_hubspot, "ana@example.com", leadcapture_owner=staff_email("admin"))


def test_consent_given_on_a_later_form_reaches_hubspot(app, fake_hubspot):
    client, _ = synced_lead(app, fake_hubspot)
    assert fake_hubspot.contacts["ana@example.com"]["properties"]["leadcapture_marketing_consent"] == "no"
    leave_email(client, "ana@example.com", consent_marketing=True)
    in_hubspot(fake_hubspot, "ana@example.com", leadcapture_marketing_consent="yes")


def test_several_changes_before_a_sync_are_one_upsert(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)  # rows wait
    with app.app_context():
        lead = submit_lead("bo@example.com")
        lead.status, lead.company = "contacted", "Bo Clinic"
        lead.score = 71
        db.session.commit()
        lead.phone = "+12025550147"
        db.session.commit()
        assert [row.reason for row in outbox_rows(lead.id)] == ["created", "contact,status,score", "contact"]
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sync_pending().synced == 3
    upserts = [r for r in fake_hubspot.requests if r.path.endswith("/batch/upsert") and r.status == 200]
    assert len(upserts) == 1 and upserts[0].batch_size == 1
    properties = fake_hubspot.contacts["bo@example.com"]["properties"]
    assert (properties["hs_lead_status"], properties["company"]) == ("CONNECTED", "Bo Clinic")
    assert (properties["leadcapture_score"], properties["phone"]) == ("71", "+12025550147")


def test_setting_a_synced_field_to_its_value_writes_no_row(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        lead = submit_lead("same@example.com")
        before = len(outbox_rows(lead.id))
        lead = db.session.get(Lead, lead.id)
        lead.email, lead.status = "same@example.com", "new"  # expired by the commit: loaded to compare
        lead.score = 99
        lead.score = 70  # back where it was: no net change
        lead.preferred_contact_time = "mornings"  # not sent to HubSpot
        db.session.commit()
        assert len(outbox_rows(lead.id)) == before
        lead.name = "Ana María López"
        db.session.commit()
        assert len(outbox_rows(lead.id)) == before + 1


def test_a_note_is_queued_for_hubspot_with_its_lead(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        lead = submit_lead("note@example.com")
        author, _ = ensure_user("sue@example.com", "Velvet-Otter-Drums-71", "sales")
        note = add_note(lead, "Wants a quote for botox.", author)
        row = outbox_rows(lead.id)[-1]
        assert (row.reason, row.note_id, row.status) == ("note", note.id, "pending")
        assert db.session.get(LeadNote, row.note_id).text == "Wants a quote for botox."


def test_a_rescore_that_changes_nothing_writes_no_row(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        lead = submit_lead("still@example.com")
        before = len(outbox_rows(lead.id))
        rescore_all()
        assert len(outbox_rows(lead.id)) == before


@pytest.mark.parametrize(
    ("current", "level", "status", "expected"),
    [
        (None, "low", "new", "lead"),
        ("lead", "high", "new", "marketingqualifiedlead"),
        ("marketingqualifiedlead", "low", "contacted", "marketingqualifiedlead"),
        ("lead", "low", "qualified", "salesqualifiedlead"),
        ("salesqualifiedlead", "high", "lost", "salesqualifiedlead"),
        ("salesqualifiedlead", "medium", "won", "customer"),
        ("customer", "low", "qualified", "customer"),
    ],
)
def test_the_lifecycle_stage_only_moves_forward(current, level, status, expected):
    assert advanced_stage(current, level, status) == expected


def test_every_synced_field_changes_what_hubspot_gets(synced_app):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        lead = submit_lead("fields@example.com")
        owner, _ = ensure_user("sue@example.com", "Velvet-Otter-Drums-71", "sales")
        other = {"owner_id": owner.id, "consent_marketing": True, "score": 1, "status": "lost"}
        other["lifecycle_stage"] = "customer"
        other |= {"feedback_count": 2, "feedback_average": 3.5, "feedback_latest_rating": 4}
        sent = contact_properties(lead, "http://x")
        for name in SYNCED:
            value = getattr(lead, name)
            setattr(lead, name, other.get(name, "x"))
            db.session.flush()
            db.session.expire(lead, ["owner"])
            assert contact_properties(lead, "http://x") != sent, name
            setattr(lead, name, value)
            db.session.flush()
        db.session.rollback()
