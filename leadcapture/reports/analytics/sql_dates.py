"""Date arithmetic in SQL that SQLite and PostgreSQL spell differently."""

from sqlalchemy import Date, cast, func

from leadcapture.extensions import db


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def days_before(day, days: int):
    """The date ``days`` days before the date ``day``."""
    if _postgres():
        return cast(day - days, Date)
    return func.date(day, f"-{days} days", type_=Date)


def week_of(moment):
    """The Monday of the (ISO, UTC) week of the timestamp ``moment``."""
    if _postgres():
        return cast(func.date_trunc("week", moment), Date)
    # The Sunday on or after it, less six days.
    return func.date(moment, "weekday 0", "-6 days", type_=Date)


def before_query(url):
    """A URL without its query string (``?`` and what follows)."""
    if _postgres():
        return func.split_part(url, "?", 1)
    return func.substr(url, 1, func.instr(url + "?", "?") - 1)
