"""``flask privacy …``: data-subject requests and retention from the command line."""

from pathlib import Path

import click
from flask.cli import AppGroup

from leadcapture.privacy.requests import erase_request, export_request

privacy_cli = AppGroup("privacy", help="Export or erase a person's data; apply the retention settings.")


@privacy_cli.command("export")
@click.argument("email")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The ZIP file to write.",
)
def export_command(email: str, out: Path) -> None:
    """Write everything stored about EMAIL (JSON files and media) to a ZIP file."""
    partial = out.with_name(out.name + ".part")  # no file at all unless the export is complete
    with partial.open("wb") as file:
        found = export_request(email, file, "cli")
    if not found:
        partial.unlink()
        raise click.ClickException(f"No lead has the email {email}; nothing exported.")
    partial.replace(out)
    click.echo(f"Exported {email} to {out}.")


@privacy_cli.command("erase")
@click.argument("email")
def erase_command(email: str) -> None:
    """Erase EMAIL's person everywhere: our tables, stored files and (through the outbox) HubSpot."""
    result = erase_request(email, "cli")
    if result.found:
        click.echo(f"Erased {email}: {result.summary()}. The HubSpot contact delete is queued.")
    else:
        click.echo(f"Nothing stored for {email}: nothing to erase.")
