"""Committing a request's transaction without reloading what it wrote."""

from leadcapture.extensions import db


def commit_keeping_state() -> None:
    """Commit without expiring the objects in the session.

    An answer that reads the rows its transaction wrote (a visitor's id for the cookie, a new
    session's, an interaction's) then reads them from memory; expired, each object would be
    reloaded with a query of its own.
    """
    session = db.session()
    expire = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expire
