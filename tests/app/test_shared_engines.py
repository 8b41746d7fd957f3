"""The test processes' shared engines (tests/shared_engines.py): apps on a session's test database
share one engine, others keep their own, and the checks for connections left open still catch one."""

import pytest
from sqlalchemy import text

from leadcapture.extensions import db
from tests.shared_engines import SHARED_ENGINES


def engine_of(app):
    with app.app_context():
        return db.engine


def test_apps_on_the_test_database_share_an_engine_and_others_keep_their_own(make_app, tmp_path):
    first, second = make_app(), make_app()
    own = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'own.db'}")
    assert engine_of(first) is engine_of(second)
    assert SHARED_ENGINES.is_shared(engine_of(first))
    assert not SHARED_ENGINES.is_shared(engine_of(own))


def test_a_connection_left_checked_out_fails_the_test(app):
    with app.app_context():
        connection = db.engine.connect()
        try:
            with pytest.raises(pytest.fail.Exception, match="connections still checked out"):
                SHARED_ENGINES.check_returned()
        finally:
            connection.close()
    SHARED_ENGINES.check_returned()


def test_a_shared_connection_left_in_a_transaction_counts_as_a_client(postgres_app, postgres_server):
    with postgres_app.app_context(), db.engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()  # a transaction begun
        assert pid in {client[1] for client in postgres_server._clients()}
        connection.rollback()  # idle again: an idle shared connection may stay between tests
        assert pid not in {client[1] for client in postgres_server._clients()}
