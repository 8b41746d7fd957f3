"""Fixtures: the app on a migrated SQLite and a migrated PostgreSQL, real Redis, clients."""

import functools
import gc
import itertools
import os
import weakref

import flask_migrate
import pytest
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from limits.storage import MemoryStorage
from redis import Redis
from sqlalchemy import text
from werkzeug.routing.rules import Rule

from config import ENVIRONMENT_SETTINGS
from leadcapture import limiter_storage
from leadcapture.app import create_app
from leadcapture.extensions import db, limiter
from leadcapture.models import users
from leadcapture.models.catalog_store import seed_catalog
from tests.compiled_once import KeptTemplates, kept_url_builders
from tests.servers import PostgresServer, RedisServer
from tests.shared_engines import SHARED_ENGINES

pytest_plugins = ["tests.fake_hubspot.fixtures"]

BACKENDS = ["sqlite", "postgresql"]


def app_environment() -> list[str]:
    """The environment variables the app reads: config's, LEADCAPTURE_ENV and Flask's own."""
    flask = [name for name in os.environ if name.startswith("FLASK_")]
    return [*ENVIRONMENT_SETTINGS, "LEADCAPTURE_ENV", *flask]


@pytest.fixture(scope="session", autouse=True)
def no_app_environment():
    """The app's variables unset for the run, so the developer's shell cannot change results."""
    with pytest.MonkeyPatch.context() as patch:
        for name in app_environment():
            patch.delenv(name, raising=False)
        yield


@pytest.fixture(autouse=True)
def restored_environment():
    """os.environ as before each test afterwards, also when a test set a variable directly."""
    before = dict(os.environ)
    yield
    for name in set(os.environ) - set(before):
        del os.environ[name]
    os.environ.update(before)


@pytest.fixture(scope="session", autouse=True)
def passwords_hashed_once():
    """scrypt once per password and test process, not at every user created and sign-in: a call
    takes about 0.1 s, and the tests use a handful of passwords (570 hashes and checks in 214 admin
    tests took 75 s of their 150 s). Hashes and answers are the real ones; a password's salt is
    reused."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "generate_password_hash", functools.cache(users.generate_password_hash))
        patch.setattr(users, "check_password_hash", functools.cache(users.check_password_hash))
        yield


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_less_often():
    """Python's collector tuned for a run that builds an app, its engine and their caches per test:
    what the collection and the imports made is frozen (never scanned again), and young objects
    are collected at 10,000 (not 700) and promoted at every 50th young collection (not 10th).
    With the defaults, collections took 18 s of 73 s in 214 admin tests; with these, 6 s of 57 s.
    ``pytest_runtest_logfinish`` below collects everything every ``COLLECT_EVERY`` tests."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 10)
    yield
    gc.set_threshold(*thresholds)
    gc.unfreeze()


# A test's app, engine and caches end as cyclic garbage that the collector's own full collections
# reach too seldom: one process running tests/admin (1,005 tests) grew to 1.8 GB and took 389 s;
# with a full collection every 25 tests it stayed at 0.5 GB and took 300 s (two such runs side by side).
# Each such collection also walked every object that outlived the earlier ones (modules imported on
# use, caches): 0.3-1 s each, a tenth of the run's CPU. What survives a collection is therefore frozen
# too, and thawed (and collected) every ``THAW_EVERY`` tests, so that what a module-scoped fixture
# left behind after freezing is collected then.
COLLECT_EVERY = 25
THAW_EVERY = 500
_finished_tests = itertools.count(1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """After every ``COLLECT_EVERY`` tests (in the process that ran them, not xdist's controller),
    collect the garbage and freeze what survived."""
    result = yield
    finished = next(_finished_tests)
    if finished % THAW_EVERY == 0:
        gc.unfreeze()
    if finished % COLLECT_EVERY == 0:
        gc.collect()
        gc.freeze()
    return result


@pytest.fixture(scope="session", autouse=True)
def compiled_once():
    """Every app's templates and URL builders compiled once per test process (``compiled_once``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": KeptTemplates()})
        patch.setattr(Rule, "_compile_builder", kept_url_builders(Rule._compile_builder))
        yield


@pytest.fixture(scope="session", autouse=True)
def engines_shared():
    """Apps on the session's test databases share one engine each (``tests/shared_engines.py``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLAlchemy, "_make_engine", SHARED_ENGINES.patched(SQLAlchemy._make_engine))
        yield


@pytest.fixture(scope="session", autouse=True)
def every_app():
    """Every app built in this test process while it lives (a module's app too, built before its
    first test's own fixtures)."""
    apps: weakref.WeakSet[Flask] = weakref.WeakSet()
    init_app = db.init_app

    def recorded(app):
        init_app(app)
        apps.add(app)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "init_app", recorded)
        yield apps


@pytest.fixture(autouse=True)
def apps_end_with_the_test(request, every_app):
    """Apps a test builds (itself or through a fixture) stop their inline jobs when it ends, and
    every app closes its database connections (a shared engine's idle ones stay open,
    ``tests/shared_engines.py``); then no other connection to a test database may be left.

    An inline job's timer would otherwise fire later in the run, on that app's database (a
    production test's is made up, a development app's is the developer's own). A connection left
    open lives until the garbage collector meets it, in some later test, and meanwhile keeps the
    test database from being dropped and created again when pytest sets it up anew."""
    postgres = request.getfixturevalue("postgres_server") if _uses_postgres(request) else None
    before = set(every_app)
    yield
    for app in list(every_app):
        with app.app_context():
            close_connections()
        if app not in before:
            if inline := app.extensions.get("inline_jobs"):
                inline.shutdown()
            close_redis_clients(app)
            # Flask-SQLAlchemy keeps an app's engines in a dict weakly keyed by the app: the
            # collection that frees the app only then drops the engine, and the engine (a cycle
            # with its compiled statements) waits for the next one.
            db._app_engines.pop(app, None)
            every_app.discard(app)
    SHARED_ENGINES.check_returned()
    if postgres is not None:
        postgres.wait_for_no_clients()


def _uses_postgres(request) -> bool:
    callspec = getattr(request.node, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("database_url") == "postgresql"
    return on_postgres or "postgres_server" in request.fixturenames


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


def app_settings(database_url: str, **overrides) -> dict:
    """Test config: the given database, no Redis or HubSpot unless a test asks."""
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "REDIS_URL": None,
        "HUBSPOT_ACCESS_TOKEN": None,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": f"{limiter_storage.SCHEME}://",
        **overrides,
    }


def migrated(url: str) -> str:
    app = create_app(app_settings(url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request):
    """The test database of the backend, migrated to the newest revision once per test process.

    pytest sets a parametrized session fixture up again at every change of its parameter, which
    `--dist loadfile` makes twice per file (its SQLite tests, then its PostgreSQL ones); the
    migrated databases are fixtures of their own so that this costs nothing. Migrating again at
    each change made the run's setup 698 s of worker time; without it, 363 s."""
    return request.getfixturevalue(f"migrated_{request.param}")


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    return SHARED_ENGINES.share(migrated(f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"))


@pytest.fixture(scope="session")
def migrated_postgresql(postgres_server):
    return SHARED_ENGINES.share(migrated(postgres_server.create_database("leadcapture_test")))


@pytest.fixture(scope="session")
def postgres_database_url(postgres_server):
    """A migrated PostgreSQL database of its own, for tests only PostgreSQL can run (concurrency)."""
    return SHARED_ENGINES.share(migrated(postgres_server.create_database("leadcapture_postgres_only")))


@pytest.fixture
def postgres_app(postgres_database_url):
    app = create_app(app_settings(postgres_database_url))
    yield app
    close_apps([app])


@pytest.fixture
def make_app(database_url):
    """Build apps on the test database with extra settings; the tables are emptied afterwards."""
    apps = []

    def build(**overrides):
        apps.append(create_app(app_settings(database_url, **overrides)))
        return apps[-1]

    yield build
    close_apps(apps)


def close_apps(apps: list[Flask]) -> None:
    """Stop the apps' inline jobs, empty the tables, close connections, clear rate limits; then fail
    when an inline job raised (``expect_job_failures`` takes the failures a test expects)."""
    failures = []
    for index, app in enumerate(apps):
        inline = app.extensions.get("inline_jobs")
        if inline:
            inline.shutdown()
            failures.extend(inline.failures)
        with app.app_context():
            db.session.remove()
            if index == 0:
                empty_all_tables()
            close_connections()
    if isinstance(limiter.storage, MemoryStorage):  # Redis-backed limits are their tests' own business
        limiter.reset()
    assert not failures, "\n".join(failures)


def close_redis_clients(app: Flask) -> None:
    """Close the app's Redis clients (jobs, readiness). Left to the collector, which frees an app's
    cycles in no set order, a socket could be finalized before its connection closed it: a
    ResourceWarning failing some later test."""
    for value in app.extensions.values():
        if isinstance(value, Redis):
            value.close()


def close_connections() -> None:
    """Close the current app's connections, unless its engine is shared (its idle connections
    serve the next tests)."""
    if not SHARED_ENGINES.is_shared(db.engine):
        db.engine.dispose()


def expect_job_failures(app: Flask) -> list[str]:
    """The app's inline job failures so far, taken so that the test's teardown does not fail on them."""
    failures = app.extensions["inline_jobs"].failures
    taken = list(failures)
    failures.clear()
    return taken


@pytest.fixture
def app(make_app):
    return make_app()


def empty_all_tables() -> None:
    """Delete every row, children first, and restart PostgreSQL's id sequences. One DELETE per
    table, not TRUNCATE: on ~90 mostly empty tables TRUNCATE took 0.3 s per test, DELETE a few ms."""
    deletes = [f"DELETE FROM {table.name}" for table in reversed(db.metadata.sorted_tables)]
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # one round trip
            conn.execute(text("; ".join([*deletes, RESTART_SEQUENCES])))
        else:
            for delete in deletes:
                conn.execute(text(delete))


RESTART_SEQUENCES = (
    "SELECT setval(oid::regclass, 1, false) FROM pg_class"
    " WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace"
)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api(app):
    """A client of the app with the procedure catalog (what the tools and the public API need)."""
    with app.app_context():
        seed_catalog()
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield app


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Mark the reports of tests that use the real Redis server (they travel from xdist's workers)."""
    report = yield
    if "redis_server" in item.fixturenames:
        report.user_properties.append(("redis", True))
    return report


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Heavy files first, in pytest's order otherwise. `--dist loadfile --no-loadscope-reorder`
    (the Makefile's) hands out files in this order as workers free up, so the long files start
    early and the short ones fill in at the end (a heavy file started last keeps the other worker
    idle for as long as it runs)."""
    heavy = {item.path for item in items if item.get_closest_marker("heavy")}
    items.sort(key=lambda item: item.path not in heavy)


def pytest_terminal_summary(terminalreporter):
    """Say how many tests ran on each real service, so a run shows PostgreSQL and Redis were used."""
    ran = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, []) if r.when == "call"]
    counts = {
        "SQLite": sum("[sqlite" in r.nodeid for r in ran),
        "PostgreSQL (real server)": sum("[postgresql" in r.nodeid for r in ran),
        "Redis (real server)": sum(any(name == "redis" for name, _ in r.user_properties) for r in ran),
    }
    terminalreporter.write_sep("-", "tests run per backend")
    for backend, count in counts.items():
        terminalreporter.write_line(f"{backend}: {count} tests")
