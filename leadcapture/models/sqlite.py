"""SQLite needs foreign keys switched on per connection."""

from sqlalchemy.engine import Engine

from leadcapture.listeners import listen_once


def enable_sqlite_foreign_keys(engine: Engine) -> None:
    """Turn on foreign key enforcement for every new SQLite connection of ``engine`` (once, however
    many apps are built on it)."""
    if engine.dialect.name == "sqlite":
        listen_once(engine, "connect", _on_connect)


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
