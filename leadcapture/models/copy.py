"""PostgreSQL's ``COPY ... FROM STDIN``: many rows in one statement, as an INSERT would store them."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from sqlalchemy import Column, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from leadcapture.extensions import db
from leadcapture.models.insert import column_default


def copy_rows(table: Table, rows: list[dict]) -> None:
    """Write ``rows`` (column name to value) into ``table`` with one COPY, in the session's
    transaction (PostgreSQL only; the caller commits).

    The rows are stored as an INSERT of them would store them: a column they leave out gets its
    Python-side default (afresh for each row), or else what the database gives it (a sequence, a
    server default); values go through the column types' bind processing (JSON...). A row may
    leave out a column other rows give if it has a Python-side default or may be NULL
    (``ValueError`` otherwise). The binary format wants each value of its column's Python type
    (str, int, datetime...). An error of the database is raised as SQLAlchemy's
    (``IntegrityError``...), as an INSERT would raise it.
    """
    db.session.flush()  # as an ORM INSERT would: the rows' parents are in the database first
    connection = db.session.connection()
    first = tuple(rows[0])
    names = first + tuple(sorted(set().union(*rows).difference(first)))
    plan = _plan(table, names, connection.dialect)
    dbapi, events = connection.dialect.loaded_dbapi, connection.dispatch
    try:
        with connection.connection.dbapi_connection.cursor() as cursor, cursor.copy(plan.statement) as copy:
            # Listeners of SQLAlchemy's cursor events (statement counters, tracing) see the COPY too.
            events.before_cursor_execute(connection, cursor, plan.statement, None, None, False)
            copy.set_types(plan.types)
            for row in rows:
                given = plan.values_of(row) if len(row) == len(names) else plan.left_out(row)
                values = [*given, *map(column_default, plan.defaulted)]
                for index, processor in plan.processors:
                    values[index] = processor(values[index])
                copy.write_row(values)
    except dbapi.Error as error:
        raise DBAPIError.instance(plan.statement, None, error, dbapi.Error) from error
    events.after_cursor_execute(connection, cursor, plan.statement, None, None, False)


@dataclass(frozen=True)
class _Plan:
    statement: str
    values_of: Callable[[dict], tuple]  # a row's values of its own columns, in the COPY's order
    fillers: tuple[tuple[str, Callable[[], object]], ...]  # (name, what a row leaving it out gets)
    defaulted: tuple[Column, ...]  # the columns that follow them, with Python-side defaults
    types: tuple[str, ...]  # PostgreSQL's names of the columns' types, for the binary format
    processors: tuple  # (index, bind processor) of the columns that have one

    def left_out(self, row: dict) -> tuple:
        """The values of a row that leaves out some of the copied columns."""
        return tuple(row[name] if name in row else fill() for name, fill in self.fillers)


@lru_cache(maxsize=64)
def _plan(table: Table, names: tuple[str, ...], dialect: Dialect) -> _Plan:
    """How rows with these column ``names`` are copied into ``table``: worked out once."""
    defaulted = tuple(
        column for column in table.columns if column.key not in names and column.default is not None
    )
    columns = [*(table.c[name] for name in names), *defaulted]
    types = [column.type.dialect_impl(dialect) for column in columns]
    listed = ", ".join(column.name for column in columns)
    return _Plan(
        statement=f"COPY {table.name} ({listed}) FROM STDIN (FORMAT BINARY)",
        values_of=itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],),
        fillers=tuple((name, _filler(table.c[name])) for name in names),
        defaulted=defaulted,
        types=tuple(_type_name(kind, dialect) for kind in types),
        processors=tuple(
            (index, processor)
            for index, kind in enumerate(types)
            if (processor := kind.bind_processor(dialect)) is not None
        ),
    )


# FLOAT without a precision is PostgreSQL's double precision; psycopg knows it as float8.
_PSYCOPG_NAMES = {"float": "float8"}


def _type_name(kind, dialect: Dialect) -> str:
    """psycopg's name of a column type: VARCHAR(64) is varchar, TIMESTAMP WITHOUT TIME ZONE
    timestamp without time zone, FLOAT float8."""
    name = re.sub(r"\(.*?\)", "", kind.compile(dialect=dialect)).lower()
    return _PSYCOPG_NAMES.get(name, name)


def _filler(column: Column) -> Callable[[], object]:
    """What a row that leaves out ``column`` (which other rows give) gets."""
    if column.default is not None:
        return lambda: column_default(column)
    if column.server_default is None and column.nullable:
        return lambda: None

    def missing():
        raise ValueError(f"A row of {column.table.name} has no {column.name} (and it has no default)")

    return missing
