"""``flask seed``: the data a fresh install needs, idempotently."""

import click
from flask import current_app
from flask.cli import with_appcontext

from leadcapture.accounts import ensure_user
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.insights.rules import seed_next_action_rules
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.scoring_rules.seed import seed_default_rules


@click.command("seed")
@with_appcontext
def seed_command() -> None:
    """Load the catalog, the default scoring and next-action rules, create the demo admin (once),
    print the login."""
    click.echo(f"Procedure catalog: {seed_catalog()} procedures added.")
    rules = "loaded and published as version 1" if seed_default_rules() else "already present"
    click.echo(f"Default scoring rules: {rules}.")
    click.echo(f"Next-action rules: {seed_next_action_rules()} added.")
    db.session.commit()
    config = current_app.config
    email, password = config["DEMO_ADMIN_EMAIL"], config["DEMO_ADMIN_PASSWORD"]
    try:
        _user, created = ensure_user(email, password, "admin")
    except InputError as error:
        raise click.ClickException("The demo admin: " + " ".join(error.fields.values())) from None
    click.echo(f"Demo admin {'created' if created else 'already present'}.")
    click.echo(f"Admin login: {email} / {password}  (http://127.0.0.1:5000/admin/login)")
