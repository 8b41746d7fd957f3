"""The yardsticks of ``bench.tools``, served like the app: ``gunicorn bench.bare_app:app``.

``/bare`` reads the posted JSON body, as the tool route does, and answers ``{"ok": true}``: no
database, no extensions, no middleware. ``/bare-row`` does the same after durably writing one row:
one INSERT and one COMMIT through psycopg on ``DATABASE_URL`` (a connection per worker process),
into ``bare_rows``, which ``create_bare_rows`` makes.
"""

import os

import psycopg
from flask import Flask, jsonify, request

CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS bare_rows "
    "(id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), body text NOT NULL)"
)

app = Flask(__name__)
connection: psycopg.Connection | None = None


def connect(database_url: str) -> psycopg.Connection:
    """A psycopg connection to the SQLAlchemy-style ``database_url``."""
    return psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://"))


def create_bare_rows(database_url: str) -> None:
    """Create the table that ``/bare-row`` writes to."""
    with connect(database_url) as conn:
        conn.execute(CREATE_TABLE)


@app.post("/bare")
def bare():
    request.get_json()
    return jsonify({"ok": True})


@app.post("/bare-row")
def bare_row():
    global connection
    request.get_json()
    if connection is None:
        connection = connect(os.environ["DATABASE_URL"])
    with connection.transaction():
        connection.execute("INSERT INTO bare_rows (body) VALUES (%s)", (request.get_data(as_text=True),))
    return jsonify({"ok": True})
