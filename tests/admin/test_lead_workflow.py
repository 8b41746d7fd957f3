"""The sales workflow on the lead page: status moves, owner, notes; each change logged and synced."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.integrations.hubspot_properties import contact_properties
from leadcapture.models import Lead, LeadActivity, LeadNote, SyncOutbox, User
from leadcapture.sync.job import sync_pending
from tests.admin.lead_data import make_lead, user_id
from tests.admin.signin import signed_in_client


@pytest.fixture
def lead_id(app):
    with app.app_context():
        lead = make_lead("ann@example.com", score=70, engagement_level="high")
        db.session.commit()
        return lead.id


def outbox_reasons(app, lead_id) -> list[str]:
    """The reasons of the lead's outbox rows after the one of its creation."""
    with app.app_context():
        return list(
            db.session.scalars(
                select(SyncOutbox.reason)
                .where(SyncOutbox.lead_id == lead_id, SyncOutbox.reason != "created")
                .order_by(SyncOutbox.id)
            )
        )


def status_of(app, lead_id) -> str:
    with app.app_context():
        return db.session.get(Lead, lead_id).status


def move(client, lead_id, to_status, seen=None):
    data = {"status": to_status} | ({"from": seen} if seen else {})
    return client.post(f"/admin/leads/{lead_id}/status", data=data)


def test_a_status_change_is_logged_synced_and_shown(app, lead_id):
    client = signed_in_client(app, "sales")
    response = move(client, lead_id, "contacted", seen="new")
    assert response.status_code == 303 and response.location.endswith(f"/admin/leads/{lead_id}")
    assert status_of(app, lead_id) == "contacted"
    assert outbox_reasons(app, lead_id) == ["status"]
    with app.app_context():
        entry = db.session.scalars(select(LeadActivity)).one()
        assert (entry.kind, entry.from_status, entry.to_status) == ("status", "new", "contacted")
        assert entry.user_id == user_id("sales@example.com")
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "Status set to contacted." in page
    assert 'data-testid="lead-status">contacted<' in page
    assert re.search(r"sales@example\.com:\s+status new → contacted", page)
    # the buttons offer the next steps only
    assert 'data-testid="status-qualified"' in page and 'data-testid="status-lost"' in page
    assert 'data-testid="status-won"' not in page


def test_the_whole_workflow_and_reopening(app, lead_id):
    client = signed_in_client(app, "sales")
    for to_status in ("contacted", "qualified", "won", "qualified", "lost", "contacted"):
        assert move(client, lead_id, to_status).status_code == 303
        assert status_of(app, lead_id) == to_status
        if to_status == "won":
            page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
            assert re.findall(r'data-testid="status-\w+">([^<]+)<', page) == ["Reopen as qualified"]
    # qualified and won move the lifecycle stage on; reopening never moves it back
    assert outbox_reasons(app, lead_id) == ["status", *["status,lifecycle"] * 2, *["status"] * 3]
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert len(re.findall('data-testid="activity-line"', page)) == 6


@pytest.mark.parametrize(
    ("path", "to_status"),
    [
        (("contacted",), "won"),
        ((), "qualified"),
        ((), "won"),
        ((), "new"),
        ((), "closed"),
        (("lost",), "won"),
    ],
)
def test_refused_moves_change_nothing(app, lead_id, path, to_status):
    client = signed_in_client(app, "sales")
    for step in path:
        move(client, lead_id, step)
    before = status_of(app, lead_id)
    response = move(client, lead_id, to_status)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert (
        f"a &#39;{before}&#39; lead can become" in page and 'data-testid="lead-email">ann@example.com' in page
    )
    assert status_of(app, lead_id) == before
    assert outbox_reasons(app, lead_id) == ["status"] * len(path)


def test_a_move_from_a_status_that_changed_meanwhile_is_a_409(app, lead_id):
    client = signed_in_client(app, "sales")
    move(client, lead_id, "contacted", seen="new")
    response = move(client, lead_id, "contacted", seen="new")  # a second tab, still showing "new"
    assert response.status_code == 409 and "changed meanwhile" in response.get_data(as_text=True)
    assert outbox_reasons(app, lead_id) == ["status"]


def test_owner_assignment_is_logged_synced_and_shown(app, lead_id):
    client = signed_in_client(app, "admin")
    with app.app_context():
        sam = user_id("sam@example.com")
    assert client.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": str(sam)}).status_code == 303
    assert (
        client.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": str(sam)}).status_code == 303
    )  # same
    assert client.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": ""}).status_code == 303
    assert outbox_reasons(app, lead_id) == ["owner", "owner"]
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert re.search(r"admin@example\.com:\s+owner sam@example\.com → nobody", page)
    assert re.search(r"admin@example\.com:\s+owner nobody → sam@example\.com", page)
    assert 'data-testid="lead-owner">Unassigned<' in page
    listed = client.get(f"/admin/leads?owner={sam}").get_data(as_text=True)
    assert "ann@example.com" not in listed


@pytest.mark.parametrize("owner", ["marketing", "inactive", "999", "sam"])
def test_only_active_sales_or_admin_users_can_own_leads(app, lead_id, owner):
    with app.app_context():
        marketing = user_id("mia@example.com", "marketing")
        inactive = user_id("old@example.com")
        db.session.get(User, inactive).active = False
        db.session.commit()
    value = {"marketing": str(marketing), "inactive": str(inactive)}.get(owner, owner)
    response = signed_in_client(app, "sales").post(f"/admin/leads/{lead_id}/owner", data={"owner_id": value})
    assert response.status_code == 400 and "<code>owner</code>" in response.get_data(as_text=True)
    assert outbox_reasons(app, lead_id) == []


def test_notes_are_added_listed_newest_first_and_escaped(app, lead_id):
    client = signed_in_client(app, "sales")
    for text in ("Called, no answer.", "  <b>Wants</b> a quote  "):
        assert client.post(f"/admin/leads/{lead_id}/notes", data={"text": text}).status_code == 303
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    notes = re.findall(r'data-testid="note">.*?</article>', page, re.S)
    assert len(notes) == 2
    assert "&lt;b&gt;Wants&lt;/b&gt; a quote</p>" in notes[0] and "Called, no answer." in notes[1]
    assert "sales@example.com" in notes[0]
    assert outbox_reasons(app, lead_id) == ["note", "note"]  # each note goes to HubSpot with its row
    with app.app_context():
        carried = db.session.scalars(select(SyncOutbox.note_id).where(SyncOutbox.reason == "note")).all()
        assert sorted(carried) == sorted(db.session.scalars(select(LeadNote.id)))


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_blank_or_huge_notes_are_refused(app, lead_id, text):
    response = signed_in_client(app, "sales").post(f"/admin/leads/{lead_id}/notes", data={"text": text})
    assert response.status_code == 400 and "<code>text</code>" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(LeadNote)).all() == []


@pytest.mark.parametrize("action", ["status", "owner", "notes"])
def test_unknown_lead_is_a_404_and_marketing_may_not_act(app, lead_id, action):
    assert signed_in_client(app, "sales").post(f"/admin/leads/999/{action}", data={}).status_code == 404
    assert (
        signed_in_client(app, "marketing").post(f"/admin/leads/{lead_id}/{action}", data={}).status_code
        == 403
    )


def test_csrf_is_enforced_on_the_workflow_forms(make_app, lead_id):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user_id("csrf@example.com")
    client = app.test_client()

    def token(path):
        return re.search(
            r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', client.get(path).get_data(as_text=True)
        ).group(1)

    client.post(
        "/admin/login",
        data={
            "email": "csrf@example.com",
            "password": "Velvet-Otter-Drums-71",
            "csrf_token": token("/admin/login"),
        },
    )
    for action, data in (
        ("status", {"status": "contacted"}),
        ("owner", {"owner_id": ""}),
        ("notes", {"text": "hi"}),
    ):
        assert client.post(f"/admin/leads/{lead_id}/{action}", data=data).status_code == 400
    good = token(f"/admin/leads/{lead_id}")
    assert (
        client.post(
            f"/admin/leads/{lead_id}/status", data={"status": "contacted", "csrf_token": good}
        ).status_code
        == 303
    )


def test_hubspot_gets_the_status_and_owner(make_app, fake_hubspot, lead_id):
    app = make_app(HUBSPOT_BASE_URL=fake_hubspot.url, HUBSPOT_RATE_LIMIT="1000 per 10 seconds")
    client = signed_in_client(app, "sales")
    with app.app_context():
        sam = user_id("sam@example.com")
    move(client, lead_id, "contacted")
    client.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": str(sam)})
    with app.app_context():
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sync_pending().synced == 3  # the lead's creation, its status, its owner: one upsert
    properties = fake_hubspot.contacts["ann@example.com"]["properties"]
    assert properties["hs_lead_status"] == "CONNECTED" and properties["leadcapture_status"] == "contacted"
    assert properties["leadcapture_owner"] == "sam@example.com"
    app.config["HUBSPOT_ACCESS_TOKEN"] = None
    client.post(f"/admin/leads/{lead_id}/owner", data={"owner_id": ""})
    with app.app_context():
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        sync_pending()
    assert fake_hubspot.contacts["ann@example.com"]["properties"]["leadcapture_owner"] == ""


def test_contact_properties_carry_status_and_owner(app_ctx):
    lead = make_lead("bo@example.com", status="qualified", owner=user_id("sue@example.com"))
    properties = contact_properties(lead, "http://x/admin/leads/1")
    assert properties["hs_lead_status"] == "OPEN_DEAL" and properties["leadcapture_status"] == "qualified"
    assert properties["leadcapture_owner"] == "sue@example.com"
    lead.owner_id = None
    db.session.flush()
    db.session.expire(lead, ["owner"])
    assert contact_properties(lead, "http://x")["leadcapture_owner"] == ""
