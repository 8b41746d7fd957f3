"""``COPY … FROM STDIN`` of demo rows on PostgreSQL, with the column defaults an INSERT would apply.

COPY applies no Python-side defaults (``new_id``, ``utcnow``, ``dict``…), so the rows get them
here, read from the table's metadata: a column some row gives, or one with a Python-side default,
is copied (a row without it gets that default, or NULL for a nullable column without any default);
a column no row gives and without a Python-side default is left to the server (its sequence or
server default). Values go through each column type's bind processor, as in an INSERT (JSON
columns become psycopg's ``Jsonb``).
"""

from collections.abc import Callable

from sqlalchemy import Column, Table

from leadcapture.extensions import db
from leadcapture.models.insert import python_default


def copy_rows(table: Table, rows: list[dict]) -> None:
    """COPY ``rows`` into ``table`` in the session's transaction (the session's own connection)."""
    dialect = db.session.get_bind().dialect
    given = set().union(*rows)
    columns = [c for c in table.columns if c.key in given or _has_python_default(c)]
    fillers = [_filler(column) for column in columns]
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) or _same for column in columns]
    fields = list(zip((column.key for column in columns), fillers, processors, strict=True))
    names = ", ".join(dialect.identifier_preparer.quote(column.name) for column in columns)
    connection = db.session.connection().connection.driver_connection
    with connection.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                [processor(row[key] if key in row else filler()) for key, filler, processor in fields]
            )


def _same(value):
    return value


def _has_python_default(column: Column) -> bool:
    return column.default is not None and (column.default.is_scalar or column.default.is_callable)


def _filler(column: Column) -> Callable[[], object]:
    """What a row that does not give ``column`` gets."""
    if _has_python_default(column):
        return lambda: python_default(column)
    if column.server_default is None and column.nullable:
        return lambda: None

    def missing():
        raise ValueError(f"A demo row of {column.table.name} has no {column.name} (and it has no default)")

    return missing
