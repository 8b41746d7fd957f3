"""``flask report weekly [--send] [--print] [--pdf FILE] [--week DATE]``: the weekly report from the
command line."""

import click
from flask import current_app
from flask.cli import AppGroup

from leadcapture.errors import InputError
from leadcapture.models.types import utcnow
from leadcapture.reports.weekly.archive import archive_link, archived, send_report
from leadcapture.reports.weekly.pdf import weekly_pdf
from leadcapture.reports.weekly.render import headline, report_text
from leadcapture.reports.weekly.schedule import clinic_zone
from leadcapture.reports.weekly.sections import weekly_report
from leadcapture.reports.weekly.settings import report_settings
from leadcapture.reports.weekly.week import SEND_AT, last_full_week, parse_week

report_cli = AppGroup("report", help="Reports from the command line.")


@report_cli.command("weekly")
@click.option(
    "--send", is_flag=True, help="Email it to the recipients set on the admin page, and archive it."
)
@click.option("--print", "show", is_flag=True, help="Print its plain-text version on standard output.")
@click.option("--pdf", "pdf_file", type=click.File("wb"), metavar="FILE", help="Write it as a PDF to FILE.")
@click.option(
    "--week", "day", metavar="DATE", help="Any day (YYYY-MM-DD) of the week; default: the last full week."
)
def weekly_command(send: bool, show: bool, pdf_file, day: str | None) -> None:
    """The weekly report (Monday to Sunday) against the week before. Without --send or --print,
    a summary of it and of what would be sent."""
    now, zone = utcnow(), clinic_zone()
    try:
        week = parse_week(day, now, zone) if day else last_full_week(now, zone)
    except InputError as error:
        raise click.BadParameter(error.fields["week"], param_hint="'--week'") from None
    settings = report_settings()
    if send:
        _check_sendable(week, settings.recipients)
    report = weekly_report(week, settings.sections, now)
    if show:
        click.echo(report_text(report), nl=False)
    if pdf_file is not None:
        pdf_file.write(weekly_pdf(report))
    # With --print the text alone is on standard output; what else is said goes to standard error.
    if send:
        sent = send_report(report, settings.recipients, "command", now)
        if sent is None:
            raise click.ClickException(f"The report for the week of {week.first} was sent meanwhile.")
        click.echo(
            f"Sent to {len(settings.recipients)} recipient(s) and archived: {archive_link(sent.id)}", err=show
        )
    elif not show and pdf_file is None:
        click.echo(headline(report))
        click.echo(_what_would_happen(settings, zone.key))


def _check_sendable(week, recipients: tuple[str, ...]) -> None:
    if not recipients:
        raise click.ClickException(f"No recipients: set them on {_settings_page()} first.")
    earlier = archived(week)
    if earlier is not None:
        raise click.ClickException(
            f"The report for the week of {week.first} was sent at {earlier.sent_at:%Y-%m-%d %H:%M} UTC: "
            f"{archive_link(earlier.id)}"
        )


def _what_would_happen(settings, zone: str) -> str:
    to = f"{len(settings.recipients)} recipient(s)" if settings.recipients else "nobody (no recipients set)"
    schedule = "on" if settings.enabled else "off"
    return (
        f"Not sent. --print shows it, --send emails it to {to}. The Monday {SEND_AT:%H:%M} ({zone}) "
        f"schedule is {schedule}; settings and sent reports: {_settings_page()}"
    )


def _settings_page() -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/admin/weekly-report"
