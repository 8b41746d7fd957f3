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


def writes(sent: list[str]) -> list[tuple[str, str]]:
    """The INSERT, UPDATE and DELETE statements among ``sent`` as (verb, table), in order; a COPY
    (PostgreSQL's bulk insert) counts as the INSERT it does."""
    found = []
    for statement in sent:
        words = statement.split()
        verb = words[0].upper()
        if verb in ("INSERT", "DELETE"):
            found.append((verb, words[2]))
        elif verb in ("UPDATE", "COPY"):
            found.append(("INSERT" if verb == "COPY" else verb, words[1]))
    return found
