"""``flask hubspot setup`` and ``flask hubspot sync``."""

import click
from flask import current_app
from flask.cli import AppGroup

from leadcapture.extensions import db
from leadcapture.integrations.hubspot import REQUIRED_SCOPES, CredentialsRejected, HubSpotError
from leadcapture.sync.job import gateway, sync_pending
from leadcapture.sync.setup import SetupFailed, set_up_properties

hubspot_cli = AppGroup("hubspot", help="The HubSpot connection.")


@hubspot_cli.command("setup")
def setup_command() -> None:
    """Create LeadCapture's contact properties in HubSpot (idempotent) and remember it, so the sync
    does not ask again; exits 1 naming the missing scope when HubSpot refuses the token."""
    if not current_app.config.get("HUBSPOT_ACCESS_TOKEN"):
        raise click.ClickException("HUBSPOT_ACCESS_TOKEN is not set.")
    try:
        created = set_up_properties(gateway())
    except CredentialsRejected as error:
        raise click.ClickException(
            f"{error}\nLeadCapture's private app needs the scopes: {', '.join(REQUIRED_SCOPES)}."
        ) from None
    except (HubSpotError, SetupFailed) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"HubSpot properties ready ({len(created)} created now).")


@hubspot_cli.command("sync")
def sync_command() -> None:
    """Sync the due outbox rows now, in this process."""
    report = sync_pending()
    click.echo(
        f"synced {report.synced}, dead {report.dead}, retrying {report.retrying}; {report.stopped or 'done'}"
    )
