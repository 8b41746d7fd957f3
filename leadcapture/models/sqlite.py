"""SQLite's settings per connection: foreign keys on, the write-ahead log, a bigger page cache."""

from sqlalchemy.engine import Engine

from leadcapture.listeners import listen_once


def configure_sqlite_connections(engine: Engine) -> None:
    """Apply these settings to every new SQLite connection of ``engine`` (once, however many apps
    are built on it)."""
    if engine.dialect.name == "sqlite":
        listen_once(engine, "connect", _on_connect)


def _on_connect(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # 64 MiB of pages at most (the default is 2 MiB): a bulk load or a roll-up touches more index
    # pages than that between commits, and each one evicted is written and read again.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()
