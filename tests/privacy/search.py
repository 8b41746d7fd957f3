"""Searching every table and every media folder for a person's traces, generically: every table
of ``db.metadata`` (so tables added later are searched too), every column read as text, and
every file (name and bytes) under each ``*_FOLDER`` setting of the app."""

import functools
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from sqlalchemy import Text, cast, func, or_, select

from leadcapture.extensions import db

SEPARATOR = "\x1f"  # ASCII's unit separator


def rows_holding(needles: Iterable[str]) -> dict[str, list[dict]]:
    """The rows (as dicts) of each table with a column whose text contains one of ``needles``
    (ignoring case), by table name; tables without any left out."""
    needles = [needle.lower() for needle in needles if needle]
    found = {}
    for table in db.metadata.sorted_tables:
        text = _row_text(table)
        holds = or_(*(text.contains(needle, autoescape=True) for needle in needles))
        rows = db.session.execute(select(table).where(holds)).mappings().all()
        if rows:
            found[table.name] = [dict(row) for row in rows]
    return found


@functools.cache
def _row_text(table):
    """A row's columns as one lower-case text, each column's apart: a needle (an email, a name, an
    id) never holds the separator, so it is found in one column or not at all. One expression a
    table, built once, not one per column and needle, keeps the search quick."""
    columns = [func.coalesce(cast(column, Text), "") for column in table.c]
    return func.lower(functools.reduce(lambda joined, column: joined + SEPARATOR + column, columns))


def media_folders() -> list[Path]:
    """Every folder the app stores files in (its ``*_FOLDER`` settings)."""
    config = current_app.config
    return [Path(value) for key, value in config.items() if key.endswith("_FOLDER") and value]


def files_holding(needles: Iterable[str]) -> list[Path]:
    """The files in the media folders whose name or bytes contain one of ``needles`` (ignoring case)."""
    needles = [needle.lower().encode() for needle in needles if needle]
    return [
        path
        for path in stored_files()
        if any(
            needle in path.name.lower().encode() or needle in path.read_bytes().lower() for needle in needles
        )
    ]


def stored_files() -> list[Path]:
    """Every file in the media folders."""
    return [
        path
        for folder in media_folders()
        if folder.is_dir()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]
