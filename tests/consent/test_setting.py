"""The TRACKING_CONSENT setting, and the decision it feeds (pure)."""

import pytest

from leadcapture.app import create_app
from leadcapture.tracking.consent import analytics_allowed


@pytest.mark.parametrize(
    ("mode", "choice", "client_says", "allowed"),
    [
        ("implied", None, None, True),
        ("required", None, None, False),
        ("required", "analytics", None, True),
        ("implied", "necessary", None, False),
        ("required", None, True, True),
        ("implied", None, False, False),
        ("required", "analytics", False, False),
        ("implied", "necessary", True, False),  # a person's no is never overridden
        ("required", "garbage", None, False),
    ],
)
def test_who_is_tracked(mode, choice, client_says, allowed):
    assert analytics_allowed(mode, choice, client_says) is allowed


def test_the_default_is_implied(make_app):
    assert make_app().config["TRACKING_CONSENT"] == "implied"


def test_the_environment_sets_it(monkeypatch):
    monkeypatch.setenv("TRACKING_CONSENT", " Required ")
    assert create_app().config["TRACKING_CONSENT"] == "required"


@pytest.mark.parametrize("value", ["requierd", "off", "yes"])
def test_an_invalid_value_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("TRACKING_CONSENT", value)
    with pytest.raises(
        RuntimeError, match=f"TRACKING_CONSENT must be one of required, implied, not '{value}'"
    ):
        create_app()


def test_production_checks_it_too(monkeypatch):
    monkeypatch.setenv("LEADCAPTURE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-test")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example/leads")
    monkeypatch.setenv("TRACKING_CONSENT", "maybe")
    with pytest.raises(RuntimeError, match="TRACKING_CONSENT"):
        create_app()
