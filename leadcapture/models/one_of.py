"""``column IN (long list)`` without one bind parameter per value."""

from collections.abc import Iterable

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY

from leadcapture.extensions import db


def one_of(column, values: Iterable) -> ColumnElement[bool]:
    """Whether ``column`` is one of ``values``. On PostgreSQL ``= ANY(array)``: one parameter,
    where an IN list has SQLAlchemy render and psycopg parse one per value (a third of the
    insights' refresh after a bulk load, in batches of thousands of visitors); the server plans
    both alike."""
    values = list(values)
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    return column.in_(values)
