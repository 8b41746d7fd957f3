"""Configuration: environments, the database URL forms hosts hand out, production's refusals."""

import pytest

from config import normalise_database_url
from leadcapture.app import create_app


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u:p@db.example:5432/leads", "postgresql+psycopg://u:p@db.example:5432/leads"),
        ("postgres://u:p@db.example/leads", "postgresql+psycopg://u:p@db.example/leads"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_uses_the_installed_driver(given, used):
    assert normalise_database_url(given) == used


def test_development_default_is_sqlite_in_the_instance_folder():
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{app.instance_path}/leadcapture.db"
    assert app.config["REDIS_URL"] is None


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_secret_and_database(monkeypatch, missing):
    monkeypatch.setenv("LEADCAPTURE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-test")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example/leads")
    monkeypatch.delenv(missing)
    with pytest.raises(RuntimeError, match=missing):
        create_app()


def test_production_starts_with_both_and_uses_secure_cookies(monkeypatch):
    monkeypatch.setenv("LEADCAPTURE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-test")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db.example/leads")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/leads"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SECURE_COOKIES"]


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("LEADCAPTURE_ENV", "staging-typo")
    with pytest.raises(RuntimeError, match="Unknown LEADCAPTURE_ENV"):
        create_app()
