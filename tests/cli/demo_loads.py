"""Demo data made once for a test module: rows of the generator by table, or a database holding one
`flask demo-data` load (a load takes seconds; the tests of a module only read it)."""

from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import Result
from flask import Flask

from leadcapture.app import create_app
from leadcapture.demo import DemoOptions, generate
from tests.conftest import app_settings, close_apps


def demo_data(runner, *args) -> Result:
    """Run `flask demo-data` with ``args``; it must succeed."""
    result = runner.invoke(args=["demo-data", *args])
    assert result.exit_code == 0, result.output
    return result


def generated_tables(options: DemoOptions) -> dict[str, list[dict]]:
    """Every row the generator makes for ``options``, by table."""
    tables: dict[str, list[dict]] = {}
    for bundle in generate(options):
        for table, rows in bundle.items():
            tables.setdefault(table, []).extend(rows)
    return tables


@contextmanager
def demo_loaded_app(database_url: str, *args: str) -> Iterator[tuple[Flask, str]]:
    """An app on ``database_url`` after `flask demo-data` ``args``, with the command's output; its
    tables are emptied afterwards."""
    app = create_app(app_settings(database_url))
    try:
        yield app, demo_data(app.test_cli_runner(), *args).output
    finally:
        close_apps([app])
