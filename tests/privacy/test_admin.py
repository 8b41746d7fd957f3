"""The lead page's "Export data" and "Erase this person": admins only, erasure after a confirmation
page and a POST with the CSRF token, both in the request log with the admin who asked."""

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import Lead, PrivacyRequest, User
from leadcapture.privacy.person import find_lead
from tests.admin.signin import PASSWORD, csrf_token, signed_in_client, staff_email
from tests.privacy.people import ANN, make_person
from tests.privacy.search import rows_holding
from tests.privacy.test_erase import gdpr_deletes, pending
from tests.sync.helpers import wait_until


def lead_id(app) -> int:
    with app.app_context():
        return find_lead(ANN.email).id


def test_an_admin_exports_then_erases_after_confirming(privacy_app, fake_hubspot):
    ann = make_person(privacy_app, fake_hubspot, ANN, ["tool uses and prompts", "voice note"])
    number, client = lead_id(privacy_app), signed_in_client(privacy_app, "admin")
    page = client.get(f"/admin/leads/{number}").get_data(as_text=True)
    assert 'data-testid="export-data"' in page and 'data-testid="erase-person"' in page

    with client.get(f"/admin/leads/{number}/export") as download:
        assert download.status_code == 200 and download.mimetype == "application/zip"
        assert f"lead-{number}-data.zip" in download.headers["Content-Disposition"]
        archive = zipfile.ZipFile(io.BytesIO(download.get_data()))
    assert json.loads(archive.read("leads.json"))[0]["email"] == ANN.email
    assert f"media/attachments/{ann.files[0].name}" in archive.namelist()

    confirm = client.get(f"/admin/leads/{number}/erase").get_data(as_text=True)
    assert f"Erase {ANN.email}?" in confirm and "2 visitors" not in confirm and "1 visitor" in confirm
    privacy_app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
    erased = client.post(f"/admin/leads/{number}/erase")
    assert erased.status_code == 303 and erased.location.endswith(f"/admin/leads/{number}")
    page = client.get(f"/admin/leads/{number}").get_data(as_text=True)
    assert "Erased person" in page and "The person was erased" in page and ANN.email not in page
    assert 'data-testid="export-data"' not in page
    with privacy_app.app_context():
        wait_until(lambda: not pending(), what="the contact delete")
        assert rows_holding(ann.needles) == {}
        admin = db.session.scalar(select(User.id).where(User.email == staff_email("admin")))
        logged = db.session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.kind)).all()
        assert [(r.kind, r.channel, r.status, r.actor_id) for r in logged] == [
            ("erase", "admin", "done", admin),
            ("export", "admin", "done", admin),
        ]
    assert len(gdpr_deletes(fake_hubspot)) == 1
    for path in ("export", "erase"):
        assert client.get(f"/admin/leads/{number}/{path}").status_code == 404  # nothing left to act on


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_sales_and_marketing_get_403_and_change_nothing(privacy_app, fake_hubspot, role):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    number, client = lead_id(privacy_app), signed_in_client(privacy_app, role)
    assert client.get(f"/admin/leads/{number}/export").status_code == 403
    assert client.get(f"/admin/leads/{number}/erase").status_code == 403
    assert client.post(f"/admin/leads/{number}/erase").status_code == 403
    if role == "sales":  # sales see the lead page, without the buttons
        page = client.get(f"/admin/leads/{number}").get_data(as_text=True)
        assert ANN.email in page and 'data-testid="privacy-actions"' not in page
    with privacy_app.app_context():
        assert db.session.get(Lead, number).erased_at is None
        assert db.session.scalars(select(PrivacyRequest)).all() == []


def test_the_erase_form_posts_with_its_csrf_token(make_app, fake_hubspot):
    app = make_app(WTF_CSRF_ENABLED=True, HUBSPOT_BASE_URL=fake_hubspot.url)
    make_person(app, fake_hubspot, ANN, ["contact form"])
    with app.app_context():
        ensure_user(staff_email("admin"), PASSWORD, "admin")
    number, client = lead_id(app), app.test_client()
    credentials = {"email": staff_email("admin"), "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/admin/login", data=credentials).status_code == 302
    assert client.post(f"/admin/leads/{number}/erase", data={}).status_code == 400
    form = client.get(f"/admin/leads/{number}/erase").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(f"/admin/leads/{number}/erase", data={"csrf_token": token}).status_code == 303
    with app.app_context():
        assert find_lead(ANN.email) is None
