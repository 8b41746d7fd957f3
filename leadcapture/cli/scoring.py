"""``flask scoring ...``: publish, restore, list versions, preview and rescore."""

import click
from flask.cli import AppGroup

from leadcapture.scoring import ScoringValidationError
from leadcapture.scoring_rules.changes import NOTHING_TO_PUBLISH, draft_status
from leadcapture.scoring_rules.draft import draft_rules, draft_settings
from leadcapture.scoring_rules.versions import history, publish, restore
from leadcapture.visitor_scores.preview import preview, preview_total
from leadcapture.visitor_scores.rescore import rescore_all, rescore_total

CLI_ACTOR = "cli"

scoring_cli = AppGroup("scoring", help="Lead-scoring rules: versions, previews, rescoring.")


@scoring_cli.command("rescore")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100_000))
def rescore_command(batch_size: int) -> None:
    """Apply the published rule set to every visitor and lead."""
    rescore_with_progress(batch_size)


def rescore_with_progress(batch_size: int = 2000) -> None:
    with click.progressbar(length=rescore_total(), label="Rescoring") as bar:
        report = rescore_all(batch_size, progress=bar.update)
    click.echo(f"Rescored {report.visitors} visitors and {report.leads} leads with version {report.version}.")


NO_RESCORE = click.option(
    "--no-rescore", is_flag=True, help="Leave stored scores for a later `flask scoring rescore`."
)


def after_publishing(no_rescore: bool) -> None:
    """Rescore now, so stored scores follow the new version, unless told not to."""
    if no_rescore:
        click.echo("Stored scores still come from the previous version: run `flask scoring rescore`.")
    else:
        rescore_with_progress()


@scoring_cli.command("publish")
@click.option("--note", default="", help="Why this version was published.")
@NO_RESCORE
def publish_command(note: str, no_rescore: bool) -> None:
    """Publish the working rules and settings as a new version, then rescore."""
    if not draft_status().differs:
        click.echo(NOTHING_TO_PUBLISH)
        return
    try:
        version = publish(CLI_ACTOR, note)
    except ScoringValidationError as error:
        raise click.ClickException(f"The working rule set is not valid: {error}") from None
    click.echo(f"Published version {version.version}.")
    after_publishing(no_rescore)


@scoring_cli.command("restore")
@click.argument("version", type=int)
@NO_RESCORE
def restore_command(version: int, no_rescore: bool) -> None:
    """Publish an earlier version's rules and settings again, then rescore."""
    try:
        published = restore(version, CLI_ACTOR)
    except LookupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Version {version} restored as version {published.version}.")
    after_publishing(no_rescore)


@scoring_cli.command("versions")
def versions_command() -> None:
    """List the published versions, newest first."""
    for version in history():
        restored = f" (restored from {version.restored_from})" if version.restored_from else ""
        click.echo(
            f"v{version.version}  {version.published_at:%Y-%m-%d %H:%M}  {version.published_by}  "
            f"{len(version.rules)} rules{restored}  {version.note}"
        )


@scoring_cli.command("preview")
def preview_command() -> None:
    """Show what publishing the working rules would change, without changing anything."""
    try:
        with click.progressbar(length=preview_total(), label="Scoring every visitor twice") as bar:
            report = preview(draft_rules(), draft_settings(), progress=bar.update)
    except ScoringValidationError as error:
        raise click.ClickException(f"The working rule set is not valid: {error}") from None
    click.echo(
        f"{report.visitors} visitors, {report.changed} would change score (live: v{report.live_version})."
    )
    for level in ("low", "medium", "high"):
        click.echo(f"  {level:<6} {report.levels_before[level]:>8} -> {report.levels_after[level]}")
    click.echo(f"  offered the form: {report.offered_before} -> {report.offered_after}")
    for mover in report.movers:
        click.echo(f"  {mover.visitor_id}: {mover.before} -> {mover.after} ({mover.change:+d})")
