"""INSERT ... ON CONFLICT, the same on SQLite and PostgreSQL."""

from functools import cache

from sqlalchemy import Column, MetaData, Table, TextClause, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from leadcapture.extensions import db
from leadcapture.models.copy import copy_rows

# From this many rows on, add_counts and upsert copy them into PostgreSQL (fewer cost more that
# way: three statements instead of one).
STAGED_ROWS = 100


def dialect_insert(model):
    """An INSERT for ``model`` from the current database's dialect (it has ``on_conflict_*``)."""
    return _dialect(db.engine.dialect.name).insert(model)


def upsert(model, rows: list[dict], key: str | tuple[str, ...]) -> None:
    """Insert ``rows`` into ``model``'s table, updating those whose ``key`` (a column, or several)
    exists; each key once.

    One row is one plain execute, several an executemany; from ``STAGED_ROWS`` rows that give
    every column on, PostgreSQL gets them by COPY as ``add_counts`` does.
    """
    if not rows:
        return
    keys = (key,) if isinstance(key, str) else key
    columns = tuple(name for name in rows[0] if name not in keys)
    table = model.__table__
    if _staged(table, rows):
        _move_staged(table, rows, keys, tuple((name, f"excluded.{name}") for name in columns))
        return
    statement = _upsert_statement(db.engine.dialect.name, table, keys, columns)
    db.session.execute(statement, rows[0] if len(rows) == 1 else rows)


def add_counts(table: Table, rows: list[dict], counted: list[str]) -> None:
    """Insert ``rows``, or add their ``counted`` columns to the rows with the same key (each key once).

    One INSERT ... ON CONFLICT, an executemany for several rows. From ``STAGED_ROWS`` rows on (each
    giving every column), PostgreSQL gets them by COPY into a temporary table and adds them from
    there in one statement: a roll-up's tens of thousands of rows take half the time they took as
    one INSERT from unnest() of column arrays, which psycopg writes out value by value in Python.
    """
    if not rows:
        return
    if _staged(table, rows):
        keys = tuple(column.name for column in table.primary_key)
        _move_staged(
            table, rows, keys, tuple((name, f"{table.name}.{name} + excluded.{name}") for name in counted)
        )
        return
    dialect = db.session.get_bind().dialect.name
    db.session.execute(_add_statement(dialect, table, tuple(counted)), rows[0] if len(rows) == 1 else rows)


def _staged(table: Table, rows: list[dict]) -> bool:
    """Whether ``rows`` go through a staging table: many, on PostgreSQL, every column given."""
    return (
        len(rows) >= STAGED_ROWS
        and db.session.get_bind().dialect.name == "postgresql"
        and len(rows[0]) == len(table.columns)
    )


def _move_staged(
    table: Table, rows: list[dict], keys: tuple[str, ...], updates: tuple[tuple[str, str], ...]
) -> None:
    """COPY ``rows`` into ``table``'s staging table, then insert them, a known key getting the
    ``updates`` (column, SQL expression) instead."""
    staged = _staging_table(table)
    db.session.execute(_create_staging(table, staged))
    copy_rows(staged, rows)
    db.session.execute(_staged_statement(table, staged, keys, updates))


@cache
def _add_statement(dialect_name: str, table: Table, counted: tuple[str, ...]) -> Insert:
    insert = _dialect(dialect_name).insert(table)
    add = {name: table.c[name] + insert.excluded[name] for name in counted}
    return insert.on_conflict_do_update(index_elements=list(table.primary_key), set_=add)


@cache
def _staging_table(table: Table) -> Table:
    """A temporary table of ``table``'s columns (one per connection, made on first use)."""
    return Table(
        f"staged_{table.name}", MetaData(), *(Column(column.name, column.type) for column in table.columns)
    )


@cache
def _create_staging(table: Table, staged: Table) -> TextClause:
    return text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staged.name} (LIKE {table.name})")


@cache
def _staged_statement(
    table: Table, staged: Table, keys: tuple[str, ...], updates: tuple[tuple[str, str], ...]
) -> TextClause:
    """Moves the staged rows into ``table`` (the staging table is left empty)."""
    names = ", ".join(column.name for column in table.columns)
    update = ", ".join(f"{name} = {expression}" for name, expression in updates)
    return text(
        f"WITH moved AS (DELETE FROM {staged.name} RETURNING {names})"
        f" INSERT INTO {table.name} ({names}) SELECT {names} FROM moved"
        f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {update}"
    )


@cache
def _upsert_statement(
    dialect_name: str, table: Table, keys: tuple[str, ...], columns: tuple[str, ...]
) -> Insert:
    """The ON CONFLICT statement, built once per table and column set.

    Built on the Core table, not the model, so that it skips the ORM's bulk-insert machinery;
    reused, SQLAlchemy finds its compiled form in its cache without building it again.
    """
    statement = _dialect(dialect_name).insert(table)
    return statement.on_conflict_do_update(
        index_elements=list(keys), set_={name: statement.excluded[name] for name in columns}
    )


def _dialect(name: str):
    return postgresql if name == "postgresql" else sqlite
