"""A job for the worker tests: proves it ran in an app context with the database."""

from flask import current_app
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Visitor


def write_visitor_count(path: str) -> int:
    count = db.session.scalar(select(func.count()).select_from(Visitor))
    with open(path, "w") as handle:
        handle.write(f"{current_app.name}:{count}")
    return count


def tick() -> str:
    """A periodic job for the scheduling tests."""
    return "tick"
