"""A database of its own at a past revision, for tests of what a migration does to existing rows."""

import flask_migrate
from flask import Flask
from sqlalchemy import DateTime, TextClause, bindparam, text

from leadcapture.app import create_app
from tests.conftest import app_settings


def app_at_revision(request, tmp_path, backend: str, name: str, revision: str) -> Flask:
    """An app on a new database ``name`` on ``backend`` (``sqlite`` or ``postgresql``), migrated
    to ``revision``."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / f'{name}.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(name)
    app = create_app(app_settings(url))
    with app.app_context():
        flask_migrate.upgrade(revision=revision)
    return app


def timestamped(statement: str, *names: str) -> TextClause:
    """``text(statement)`` with the parameters ``names`` bound as timestamps: Python 3.12 deprecated
    sqlite3's own conversion of a datetime."""
    return text(statement).bindparams(*(bindparam(name, type_=DateTime()) for name in names))
