"""One SQLAlchemy engine per test database for all the apps of a test process.

The suite builds an app per test, and each app made its own engine: new connections (on PostgreSQL
a server process forked and its caches filled again), every statement compiled again, and the
engine with its compiled statements left for the garbage collector. 221 admin tests took 78-80 s
so, 49-51 s with the engine shared. An app still gets its own engine for any other database (a
test's own SQLite file, a migration test's database) or other engine options."""

import pytest
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.engine import Engine

# Marks the shared engines' connections on PostgreSQL, whose idle ones stay open between tests.
APPLICATION_NAME = "leadcapture-tests-shared-engine"


class SharedEngines:
    """The engines shared by the apps of this process, by database URL and engine options."""

    def __init__(self) -> None:
        self.urls: set[str] = set()
        self.engines: dict[tuple[str, str], Engine] = {}

    def share(self, url: str) -> str:
        """Let every app on ``url`` share an engine from now on."""
        self.urls.add(url)
        return url

    def is_shared(self, engine: Engine) -> bool:
        return engine in self.engines.values()

    def patched(self, make_engine):
        """Flask-SQLAlchemy's ``_make_engine`` answering with the shared engine for a shared URL."""

        def made(db: SQLAlchemy, bind_key, options: dict, app) -> Engine:
            url = str(options["url"])
            if url not in self.urls:
                return make_engine(db, bind_key, options, app)
            key = (url, repr(sorted(options.items())))
            if key not in self.engines:
                if url.startswith("postgresql"):
                    connect_args = {**options.get("connect_args", {}), "application_name": APPLICATION_NAME}
                    options = {**options, "connect_args": connect_args}
                self.engines[key] = make_engine(db, bind_key, options, app)
            return self.engines[key]

        return made

    def check_returned(self) -> None:
        """Fail a test that left a connection of a shared engine checked out (an open session of a
        thread, say): it would stay open into the next test."""
        held = [(url, engine.pool.checkedout()) for (url, _), engine in self.engines.items()]
        if held := [(url, count) for url, count in held if count]:
            pytest.fail(f"connections still checked out after the test: {held}", pytrace=False)


SHARED_ENGINES = SharedEngines()
