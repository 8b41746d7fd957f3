"""INSERT ... ON CONFLICT, the same on SQLite and PostgreSQL."""

from functools import cache

from sqlalchemy import Table, TextClause, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from leadcapture.extensions import db


def dialect_insert(model):
    """An INSERT for ``model`` from the current database's dialect (it has ``on_conflict_*``)."""
    return _dialect(db.engine.dialect.name).insert(model)


def upsert(model, rows: list[dict], key: str) -> None:
    """Insert ``rows`` into ``model``'s table, updating those whose ``key`` exists.

    One row is one plain execute, several an executemany.
    """
    if not rows:
        return
    columns = tuple(name for name in rows[0] if name != key)
    statement = _upsert_statement(db.engine.dialect.name, model.__table__, key, columns)
    db.session.execute(statement, rows[0] if len(rows) == 1 else rows)


def add_counts(table: Table, rows: list[dict], counted: list[str]) -> None:
    """Insert ``rows``, or add their ``counted`` columns to the rows with the same key.

    Several rows on PostgreSQL: one INSERT ... SELECT FROM unnest() of column arrays (tens of
    thousands of rows per batch; an executemany takes seconds). Otherwise one INSERT ... ON
    CONFLICT, an executemany for several rows. Both statements are built once per table.
    """
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql" and len(rows) > 1:
        arrays = {column.name: [row[column.name] for row in rows] for column in table.columns}
        db.session.execute(_unnest_add_statement(table, tuple(counted)), arrays)
        return
    db.session.execute(_add_statement(dialect, table, tuple(counted)), rows[0] if len(rows) == 1 else rows)


@cache
def _add_statement(dialect_name: str, table: Table, counted: tuple[str, ...]) -> Insert:
    insert = _dialect(dialect_name).insert(table)
    add = {name: table.c[name] + insert.excluded[name] for name in counted}
    return insert.on_conflict_do_update(index_elements=list(table.primary_key), set_=add)


@cache
def _unnest_add_statement(table: Table, counted: tuple[str, ...]) -> TextClause:
    dialect = postgresql.dialect()
    names = [column.name for column in table.columns]
    keys = ", ".join(column.name for column in table.primary_key)
    arrays = ", ".join(f"CAST(:{name} AS {table.c[name].type.compile(dialect=dialect)}[])" for name in names)
    add = ", ".join(f"{name} = {table.name}.{name} + excluded.{name}" for name in counted)
    return text(
        f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({arrays})"
        f" ON CONFLICT ({keys}) DO UPDATE SET {add}"
    )


@cache
def _upsert_statement(dialect_name: str, table: Table, key: str, columns: tuple[str, ...]) -> Insert:
    """The ON CONFLICT statement, built once per table and column set.

    Built on the Core table, not the model, so that it skips the ORM's bulk-insert machinery;
    reused, SQLAlchemy finds its compiled form in its cache without building it again.
    """
    statement = _dialect(dialect_name).insert(table)
    return statement.on_conflict_do_update(
        index_elements=[key], set_={name: statement.excluded[name] for name in columns}
    )


def _dialect(name: str):
    return postgresql if name == "postgresql" else sqlite
