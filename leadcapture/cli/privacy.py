"""``flask privacy …``: data-subject requests and retention from the command line."""

from contextlib import contextmanager

import click
from flask.cli import AppGroup

from leadcapture.models.types import utcnow
from leadcapture.privacy.retention import purge_steps

privacy_cli = AppGroup("privacy", help="Export or erase a person's data; apply the retention settings.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Apply the retention settings now: delete or anonymise what is past them (also a daily job)."""
    for result in purge_steps(utcnow(), _progress_bar):
        click.echo(result.describe())


@contextmanager
def _progress_bar(label: str, length: int):
    with click.progressbar(length=length, label=label) as bar:
        yield bar.update
