"""The users page: admins list, create, re-role and (de)activate accounts, never locking themselves out."""

import pytest

from leadcapture.accounts import authenticate, ensure_user, find_user
from tests.admin.signin import PASSWORD, sign_in, signed_in_client, staff_email


def user_id(app, email: str) -> int:
    with app.app_context():
        return find_user(email).id


def page_text(response) -> str:
    return response.get_data(as_text=True)


def test_admin_sees_every_user_with_role_state_and_date(app):
    admin = signed_in_client(app, "admin")
    with app.app_context():
        ensure_user("sam@example.com", PASSWORD, "sales")
    response = admin.get("/admin/users")
    assert response.status_code == 200
    page = page_text(response)
    assert 'data-email="admin@example.com"' in page and 'data-email="sam@example.com"' in page
    assert "admin@example.com (you)" in page and "active" in page
    assert '<option value="sales" selected>' in page


def test_create_user_redirects_flashes_and_the_user_can_sign_in(app):
    admin = signed_in_client(app, "admin")
    response = admin.post(
        "/admin/users",
        data={"email": "New@Example.com", "role": "marketing", "password": "Amber-Kettle-Ferns-38"},
    )
    assert response.status_code == 302 and response.location.endswith("/admin/users")
    assert "Created new@example.com (marketing)." in page_text(admin.get("/admin/users"))
    assert sign_in(app.test_client(), "new@example.com", "Amber-Kettle-Ferns-38").status_code == 302


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "new@example.com", "role": "sales", "password": "short"}, "Use at least 8 characters."),
        (
            {"email": "not-an-email", "role": "sales", "password": "Amber-Kettle-Ferns-38"},
            "must have an @-sign",
        ),
        (
            {"email": "admin@example.com", "role": "sales", "password": "Amber-Kettle-Ferns-38"},
            "already exists",
        ),
        (
            {"email": "new@example.com", "role": "boss", "password": "Amber-Kettle-Ferns-38"},
            "Not a valid choice",
        ),
    ],
)
def test_bad_new_user_is_refused_on_the_page(app, form, message):
    admin = signed_in_client(app, "admin")
    response = admin.post("/admin/users", data=form)
    assert response.status_code == 400 and message in page_text(response)
    with app.app_context():
        assert find_user("new@example.com") is None
        assert find_user("admin@example.com").role == "admin"


def test_a_new_role_applies_to_the_users_open_session(app):
    admin = signed_in_client(app, "admin")
    sales = signed_in_client(app, "sales")
    assert sales.get("/admin/users").status_code == 403
    response = admin.post(f"/admin/users/{user_id(app, staff_email('sales'))}/role", data={"role": "admin"})
    assert response.status_code == 302
    assert "sales@example.com is now admin." in page_text(admin.get("/admin/users"))
    assert sales.get("/admin/users").status_code == 200


def test_deactivation_signs_the_user_out_until_reactivated(app):
    admin = signed_in_client(app, "admin")
    sales = signed_in_client(app, "sales")
    sales_id = user_id(app, staff_email("sales"))
    assert admin.post(f"/admin/users/{sales_id}/deactivate").status_code == 302
    assert "sales@example.com is deactivated" in page_text(admin.get("/admin/users"))
    assert sales.get("/admin/").location.startswith("/admin/login")
    assert sign_in(app.test_client(), staff_email("sales")).status_code == 400
    assert admin.post(f"/admin/users/{sales_id}/reactivate").status_code == 302
    assert sign_in(app.test_client(), staff_email("sales")).status_code == 302


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("role", {"role": "sales"}, "You cannot change your own role."),
        ("deactivate", {}, "You cannot deactivate your own account."),
    ],
)
def test_admin_cannot_demote_or_deactivate_themselves(app, action, data, message):
    admin = signed_in_client(app, "admin")
    response = admin.post(f"/admin/users/{user_id(app, staff_email('admin'))}/{action}", data=data)
    assert response.status_code == 400 and message in page_text(response)
    with app.app_context():
        assert authenticate(staff_email("admin"), PASSWORD).role == "admin"


def test_unknown_role_and_unknown_user_are_refused(app):
    admin = signed_in_client(app, "admin")
    with app.app_context():
        ensure_user("sam@example.com", PASSWORD, "sales")
    response = admin.post(f"/admin/users/{user_id(app, 'sam@example.com')}/role", data={"role": "owner"})
    assert response.status_code == 400 and "Not a valid choice" in page_text(response)
    assert admin.post("/admin/users/999999/deactivate").status_code == 404


def test_no_role_is_preselected_for_a_new_user(app):
    admin = signed_in_client(app, "admin")
    page = page_text(admin.get("/admin/users"))
    assert '<select id="role" name="role" required><option value="">Choose a role</option>' in page
    response = admin.post(
        "/admin/users", data={"email": "new@example.com", "role": "", "password": "Amber-Kettle-Ferns-38"}
    )
    assert response.status_code == 400 and "Role must be one of admin, sales, marketing." in page_text(
        response
    )
