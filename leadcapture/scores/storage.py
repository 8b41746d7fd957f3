"""Insert-or-update of many rows in one statement, on SQLite and PostgreSQL alike."""

from sqlalchemy.dialects import postgresql, sqlite

from leadcapture.extensions import db


def upsert(model, rows: list[dict], key: str) -> None:
    """Insert ``rows`` into ``model``'s table, updating those whose ``key`` exists."""
    if not rows:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model)
    columns = [name for name in rows[0] if name != key]
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[key], set_={name: getattr(statement.excluded, name) for name in columns}
        ),
        rows,
    )
