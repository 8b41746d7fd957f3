"""INSERT ... ON CONFLICT, the same on SQLite and PostgreSQL."""

from sqlalchemy.dialects import postgresql, sqlite

from leadcapture.extensions import db


def dialect_insert(model):
    """An INSERT for ``model`` from the current database's dialect (it has ``on_conflict_*``)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def upsert(model, rows: list[dict], key: str) -> None:
    """Insert ``rows`` into ``model``'s table, updating those whose ``key`` exists."""
    if not rows:
        return
    statement = dialect_insert(model)
    columns = [name for name in rows[0] if name != key]
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[key], set_={name: getattr(statement.excluded, name) for name in columns}
        ),
        rows,
    )
