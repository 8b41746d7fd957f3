"""Staff accounts and signed-in clients for the admin tests."""

import re

from leadcapture.accounts import ensure_user

PASSWORD = "Velvet-Otter-Drums-71"


def staff_email(role: str) -> str:
    return f"{role}@example.com"


def sign_in(client, email: str, password: str = PASSWORD, **kwargs):
    """POST the sign-in form (``kwargs`` go to the test client, e.g. ``environ_base``)."""
    return client.post("/admin/login", data={"email": email, "password": password}, **kwargs)


def signed_in_client(app, role: str = "admin"):
    """A test client signed in as a user with ``role`` (created when missing), through the form
    with its CSRF token when the app checks it."""
    with app.app_context():
        ensure_user(staff_email(role), PASSWORD, role)
    client = app.test_client()
    form = {"email": staff_email(role), "password": PASSWORD}
    if app.config.get("WTF_CSRF_ENABLED", True):
        form["csrf_token"] = csrf_token(client)
    response = client.post("/admin/login", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def csrf_token(client, path: str = "/admin/login", **kwargs) -> str:
    """The CSRF token of the form on ``path``, as a browser would read it."""
    page = client.get(path, **kwargs).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in_page(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form in a real browser (Playwright ``page``)."""
    page.goto(f"{base_url}/admin/login")
    fill_sign_in_form(page, email, password)


def fill_sign_in_form(page, email: str, password: str = PASSWORD) -> None:
    """Fill and send the sign-in form the browser shows."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
