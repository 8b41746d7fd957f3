"""`flask users ...`: create (with a hidden, confirmed prompt), list, set-role, (de)activate."""

import pytest

from leadcapture.accounts import authenticate, find_user
from leadcapture.extensions import db
from leadcapture.models import User


def stored(app, email: str) -> User | None:
    with app.app_context():
        user = find_user(email)
        if user is not None:
            db.session.expunge(user)
        return user


def refused(result, code: int, message: str) -> None:
    """The command stopped with ``code`` and ``message``, without a traceback."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    assert message in result.output and "Traceback" not in result.output


def test_create_with_password_makes_a_user_who_can_sign_in(runner, app):
    result = runner.invoke(
        args=["users", "create", "Sam@Example.com", "--role", "sales", "--password", "Amber-Kettle-Ferns-38"]
    )
    assert result.exit_code == 0 and "Created sam@example.com (sales)." in result.output
    with app.app_context():
        user = authenticate("sam@example.com", "Amber-Kettle-Ferns-38")
        assert user is not None and (user.role, user.active) == ("sales", True)
        assert user.password_hash.startswith("scrypt:") and "Amber-Kettle-Ferns-38" not in user.password_hash


def test_create_prompts_hidden_twice_and_asks_again_for_a_short_or_mismatched_password(runner, app):
    answers = "short\nlong-enough-1\nlong-enough-2\nlong-enough-1\nlong-enough-1\n"
    result = runner.invoke(args=["users", "create", "mia@example.com", "--role", "marketing"], input=answers)
    assert result.exit_code == 0, result.output
    assert "Use at least 8 characters." in result.output
    assert "do not match" in result.output
    assert "long-enough" not in result.output and "short" not in result.output
    with app.app_context():
        assert authenticate("mia@example.com", "long-enough-1") is not None


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--role", "boss", "--password", "Amber-Kettle-Ferns-38"],
            2,
            "'boss' is not one of 'admin', 'sales', 'marketing'",
        ),
        (["--password", "Amber-Kettle-Ferns-38"], 2, "Missing option '--role'"),
        (["--role", "sales", "--password", "pw-123"], 2, "Use at least 8 characters."),
    ],
)
def test_create_refuses_bad_options(runner, app, args, code, message):
    refused(runner.invoke(args=["users", "create", "x@example.com", *args]), code, message)
    assert stored(app, "x@example.com") is None


def test_create_refuses_an_existing_email_whatever_its_case(runner, app):
    runner.invoke(
        args=["users", "create", "ann@example.com", "--role", "sales", "--password", "Amber-Kettle-Ferns-38"]
    )
    result = runner.invoke(
        args=[
            "users",
            "create",
            " ANN@example.com",
            "--role",
            "admin",
            "--password",
            "Quiet-Harbour-Lantern-9",
        ]
    )
    refused(result, 1, "A user with email ann@example.com already exists.")
    assert stored(app, "ann@example.com").role == "sales"


def test_create_refuses_an_invalid_email(runner, app):
    result = runner.invoke(
        args=["users", "create", "not-an-email", "--role", "sales", "--password", "Amber-Kettle-Ferns-38"]
    )
    refused(result, 1, "must have an @-sign")


def test_list_set_role_and_deactivate(runner, app):
    for email, role in (("boss@example.com", "admin"), ("sam@example.com", "sales")):
        runner.invoke(args=["users", "create", email, "--role", role, "--password", "Amber-Kettle-Ferns-38"])
    assert runner.invoke(args=["users", "set-role", "sam@example.com", "marketing"]).exit_code == 0
    assert runner.invoke(args=["users", "deactivate", "sam@example.com"]).exit_code == 0
    lines = runner.invoke(args=["users", "list"]).output.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["boss@example.com", "admin", "active"],
        ["sam@example.com", "marketing", "deactivated"],
    ]
    with app.app_context():
        assert authenticate("sam@example.com", "Amber-Kettle-Ferns-38") is None
    assert runner.invoke(args=["users", "activate", "sam@example.com"]).exit_code == 0
    with app.app_context():
        assert authenticate("sam@example.com", "Amber-Kettle-Ferns-38") is not None


def test_the_last_active_admin_is_kept(runner, app):
    runner.invoke(
        args=["users", "create", "boss@example.com", "--role", "admin", "--password", "Amber-Kettle-Ferns-38"]
    )
    refused(runner.invoke(args=["users", "set-role", "boss@example.com", "sales"]), 1, "last active admin")
    refused(runner.invoke(args=["users", "deactivate", "boss@example.com"]), 1, "last active admin")
    runner.invoke(
        args=[
            "users",
            "create",
            "deputy@example.com",
            "--role",
            "admin",
            "--password",
            "Amber-Kettle-Ferns-38",
        ]
    )
    assert runner.invoke(args=["users", "deactivate", "boss@example.com"]).exit_code == 0
    refused(runner.invoke(args=["users", "set-role", "deputy@example.com", "sales"]), 1, "last active admin")
    assert stored(app, "deputy@example.com").role == "admin"


def test_unknown_email_and_role_are_refused(runner, app):
    refused(
        runner.invoke(args=["users", "deactivate", "ghost@example.com"]),
        1,
        "No user with email ghost@example.com.",
    )
    refused(runner.invoke(args=["users", "set-role", "ghost@example.com", "boss"]), 2, "'boss' is not one of")
