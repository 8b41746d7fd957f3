"""Column types and defaults shared by the models."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Integer
from sqlalchemy.dialects.postgresql import JSONB

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
BigIntegerPK = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Now in UTC, naive: both SQLite and PostgreSQL store it the same way."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_id() -> str:
    """A random 32-character hex id, generated client-side so bulk inserts need no round-trip."""
    return uuid.uuid4().hex
