"""Every SQLite connection of the app enforces foreign keys, writes ahead and caches 64 MiB of pages."""

from sqlalchemy import text

from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.conftest import app_settings, close_apps


def test_a_sqlite_connection_gets_the_apps_settings(migrated_sqlite):
    app = create_app(app_settings(migrated_sqlite))
    try:
        with app.app_context(), db.engine.connect() as connection:
            names = ("foreign_keys", "journal_mode", "cache_size")
            settings = [connection.scalar(text(f"PRAGMA {name}")) for name in names]
    finally:
        close_apps([app])
    assert settings == [1, "wal", -65536]
