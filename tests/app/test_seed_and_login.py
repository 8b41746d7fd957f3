"""`flask seed` makes a demo admin that can sign in; signed-in staff are not tracked."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import User, VisitSession


def test_seed_is_idempotent_and_prints_the_login(runner, app):
    first = runner.invoke(args=["seed"])
    second = runner.invoke(args=["seed"])
    assert first.exit_code == 0 and second.exit_code == 0
    assert f"{app.config['DEMO_ADMIN_EMAIL']} / {app.config['DEMO_ADMIN_PASSWORD']}" in first.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        user = db.session.scalars(select(User)).one()
        assert user.role == "admin" and user.password_hash != app.config["DEMO_ADMIN_PASSWORD"]


def sign_in(client, app, password=None):
    return client.post(
        "/admin/login",
        data={
            "email": app.config["DEMO_ADMIN_EMAIL"],
            "password": password or app.config["DEMO_ADMIN_PASSWORD"],
        },
    )


def test_demo_admin_signs_in_and_sees_the_dashboard(runner, client, app):
    runner.invoke(args=["seed"])
    assert client.get("/admin/").status_code == 302
    response = sign_in(client, app)
    assert response.status_code == 302 and response.location.endswith("/admin/")
    page = client.get("/admin/")
    assert page.status_code == 200 and b"Dashboard" in page.data


def test_wrong_password_is_refused(runner, client, app):
    runner.invoke(args=["seed"])
    response = sign_in(client, app, password="wrong-password")
    assert response.status_code == 400 and b"Wrong email or password" in response.data
    assert client.get("/admin/").status_code == 302


def test_signed_in_staff_are_not_tracked(runner, client, app):
    runner.invoke(args=["seed"])
    sign_in(client, app)
    client.get("/?utm_source=google&utm_medium=cpc&utm_campaign=spring")
    response = client.post("/api/v1/events", json={"events": [{"type": "page_view"}]})
    assert response.status_code == 202
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(VisitSession)) == 0


def test_login_form_needs_csrf_token_when_enabled(runner, app):
    runner.invoke(args=["seed"])
    app.config["WTF_CSRF_ENABLED"] = True
    response = sign_in(app.test_client(), app)
    assert response.status_code == 400


SPEC_PROCEDURES = {
    "botox",
    "dermal_fillers",
    "chemical_peel",
    "laser_resurfacing",
    "microneedling",
    "hydrafacial",
    "laser_hair_removal",
    "prp_facial",
    "thread_lift",
    "skin_consultation",
}


def test_seed_loads_the_catalog_once_and_keeps_admin_edits(runner, app):
    from leadcapture.catalog.defaults import CONCERNS
    from leadcapture.models import Procedure
    from leadcapture.models.catalog_store import active_procedures

    runner.invoke(args=["seed"])
    with app.app_context():
        procedures = active_procedures()
        assert {p.id for p in procedures} == SPEC_PROCEDURES
        assert all(p.name and p.description and 0 <= p.price_low <= p.price_high for p in procedures)
        assert all(set(p.concerns) <= set(CONCERNS) and p.concerns for p in procedures)
        db.session.get(Procedure, "botox").price_high = 999
        db.session.commit()
    second = runner.invoke(args=["seed"])
    assert "0 procedures added" in second.output
    with app.app_context():
        assert db.session.get(Procedure, "botox").price_high == 999
