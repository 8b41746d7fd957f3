"""Submitted values on the lead page's timeline: a differing name, phone or company a visitor typed
for a known email waits there until staff accept it (a CSRF-protected POST)."""

import re

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, SubmittedDetail
from tests.admin.signin import signed_in_client, staff_email

pytestmark = pytest.mark.heavy

ANA = {"email": "ana@example.com", "name": "Ana Lopez", "phone": "+1 415 555 0100"}
STRANGER = {"email": "ANA@example.com", "name": "Mallory", "phone": "+1 415 555 0100", "company": "Nosy Inc"}


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def submit(app, body: dict) -> None:
    """A browser of its own sends the contact form through the API."""
    assert app.test_client().post("/api/v1/leads", json=body).status_code == 201


@pytest.fixture
def lead_id(csrf_app):
    submit(csrf_app, ANA)
    submit(csrf_app, STRANGER)
    with csrf_app.app_context():
        return db.session.scalar(select(Lead.id))


def pending_id(app, field: str) -> int:
    with app.app_context():
        query = select(SubmittedDetail.id).where(
            SubmittedDetail.field == field, SubmittedDetail.state == "pending"
        )
        return db.session.scalars(query).one()


def page_token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_differing_value_is_on_the_timeline_and_the_stored_one_stays(csrf_app, lead_id):
    page = signed_in_client(csrf_app, "sales").get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    contact = page.split('data-testid="contact"')[1].split("</section>")[0]
    assert "Ana Lopez" in contact and "Nosy Inc" in contact  # the stored name; the empty company filled
    lines = re.findall(r'data-testid="submitted-line">(.*?)</li>', page, re.DOTALL)
    assert len(lines) == 1  # the same phone and the filled company are no news to staff
    assert re.search(r"submitted name <strong[^>]*>Mallory</strong>\s*\(stored: Ana Lopez\)", lines[0])
    assert f'data-testid="accept-{pending_id(csrf_app, "name")}"' in lines[0]


def test_sales_accept_a_value_with_the_form_s_token(csrf_app, lead_id):
    client = signed_in_client(csrf_app, "sales")
    detail_id = pending_id(csrf_app, "name")
    path = f"/admin/leads/{lead_id}/submitted/{detail_id}/accept"
    assert client.post(path).status_code == 400  # no token: refused, nothing changed
    token = page_token(client.get(f"/admin/leads/{lead_id}").get_data(as_text=True))
    response = client.post(path, data={"csrf_token": token})
    assert response.status_code == 303 and response.location.endswith(f"/admin/leads/{lead_id}")
    with csrf_app.app_context():
        assert db.session.get(Lead, lead_id).name == "Mallory"
        detail = db.session.get(SubmittedDetail, detail_id)
        assert (detail.state, detail.accepted_at is not None) == ("accepted", True)
    page = client.get(f"/admin/leads/{lead_id}").get_data(as_text=True)
    assert "Submitted value accepted." in page
    assert re.search(rf"Mallory</strong>\s*, accepted by {staff_email('sales')} on", page)
    again = client.post(path, data={"csrf_token": token})
    assert again.status_code == 409 and "was already accepted" in again.get_data(as_text=True)


def test_a_value_of_another_lead_or_none_is_a_404(csrf_app, lead_id):
    submit(csrf_app, {"email": "bo@example.com", "name": "Bo"})
    client = signed_in_client(csrf_app, "admin")
    token = page_token(client.get(f"/admin/leads/{lead_id}").get_data(as_text=True))
    with csrf_app.app_context():
        other = db.session.scalar(select(Lead.id).where(Lead.email == "bo@example.com"))
    detail_id = pending_id(csrf_app, "name")
    for path in (
        f"/admin/leads/{other}/submitted/{detail_id}/accept",
        f"/admin/leads/{lead_id}/submitted/0/accept",
    ):
        assert client.post(path, data={"csrf_token": token}).status_code == 404
    assert (
        client.post(f"/admin/leads/999/submitted/{detail_id}/accept", data={"csrf_token": token}).status_code
        == 404
    )
    with csrf_app.app_context():
        assert db.session.get(Lead, lead_id).name == "Ana Lopez"


def test_marketing_may_not_accept(csrf_app, lead_id):
    client = signed_in_client(csrf_app, "marketing")
    token = page_token(client.get("/admin/").get_data(as_text=True))  # the sign-out form's
    path = f"/admin/leads/{lead_id}/submitted/{pending_id(csrf_app, 'name')}/accept"
    assert client.post(path, data={"csrf_token": token}).status_code == 403
    with csrf_app.app_context():
        assert db.session.get(Lead, lead_id).name == "Ana Lopez"
