"""``flask seed``: the data a fresh install needs, idempotently."""

import click
from flask import current_app
from flask.cli import with_appcontext

from leadcapture.accounts import ensure_user
from leadcapture.catalog import seed_catalog


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the procedure catalog, create the demo admin (once) and print how to sign in."""
    click.echo(f"Procedure catalog: {seed_catalog()} procedures added.")
    config = current_app.config
    email, password = config["DEMO_ADMIN_EMAIL"], config["DEMO_ADMIN_PASSWORD"]
    _user, created = ensure_user(email, password, "admin")
    click.echo(f"Demo admin {'created' if created else 'already present'}.")
    click.echo(f"Admin login: {email} / {password}  (http://127.0.0.1:5000/admin/login)")
