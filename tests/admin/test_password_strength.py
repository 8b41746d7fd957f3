"""Staff passwords are checked with the zxcvbn estimator: `flask users create` and the users page
refuse easy ones with its advice; PASSWORD_MIN_SCORE sets the bar; the demo admin's still passes."""

from html import unescape

import pytest

from config import Config
from leadcapture.accounts import find_user, password_problem
from tests.admin.signin import signed_in_client

WEAK = ["password123", "Password1!", "qwertyuiop", "clinic2026", "leadcapture1"]
ADVICE = "This password is too easy to guess."


@pytest.mark.parametrize("password", WEAK)
def test_the_users_page_refuses_a_guessable_password_with_advice(app, password):
    admin = signed_in_client(app, "admin")
    response = admin.post(
        "/admin/users", data={"email": "new@example.com", "role": "sales", "password": password}
    )
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and ADVICE in page
    with app.app_context():
        assert find_user("new@example.com") is None


def test_a_password_made_of_the_email_is_refused(app):
    admin = signed_in_client(app, "admin")
    form = {"email": "maria.gonzalez@example.com", "role": "sales", "password": "MariaGonzalez"}
    response = admin.post("/admin/users", data=form)
    assert response.status_code == 400 and ADVICE in unescape(response.get_data(as_text=True))


def test_the_command_refuses_a_guessable_password_and_says_why(runner, app):
    result = runner.invoke(
        args=["users", "create", "sam@example.com", "--role", "sales", "--password", "password123"]
    )
    assert result.exit_code == 2
    assert ADVICE in result.output and "This is a very common password." in result.output
    with app.app_context():
        assert find_user("sam@example.com") is None


def test_the_prompt_asks_again_after_a_guessable_password(runner, app):
    answers = "qwertyuiop\nTidal-Walnut-Sonnet-1\nTidal-Walnut-Sonnet-1\n"
    result = runner.invoke(args=["users", "create", "mia@example.com", "--role", "marketing"], input=answers)
    assert result.exit_code == 0, result.output
    assert ADVICE in result.output and "qwertyuiop" not in result.output
    with app.app_context():
        assert find_user("mia@example.com") is not None


def test_the_minimum_score_is_a_setting(make_app):
    # "leadcapture-admin" scores 3: enough by default, not for a stricter clinic.
    assert Config.PASSWORD_MIN_SCORE == 3
    with make_app().app_context():
        assert password_problem("leadcapture-admin", "admin@leadcapture.example") is None
    with make_app(PASSWORD_MIN_SCORE=4).app_context():
        assert ADVICE in password_problem("leadcapture-admin", "admin@leadcapture.example")
    with make_app(PASSWORD_MIN_SCORE=0).app_context():
        assert password_problem("password123") is None
        assert password_problem("short") == "Use at least 8 characters."


def test_seed_refuses_a_guessable_demo_admin_password_with_advice(make_app):
    # The default one passes (tests/app/test_seed_and_login.py signs in with it).
    app = make_app(DEMO_ADMIN_PASSWORD="password123")
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"The demo admin: {ADVICE}" in result.output
    with app.app_context():
        assert find_user(Config.DEMO_ADMIN_EMAIL) is None
