"""The SQL statements a test's own thread sends to the database: the same work for two requests
shows they cannot be told apart by what, or how much, the server does."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from leadcapture.extensions import db


@contextmanager
def statements_sent(app) -> Iterator[list[str]]:
    """The statements this thread sends inside the block (not the background jobs')."""
    sent, me = [], threading.get_ident()

    def record(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == me:
            sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)
