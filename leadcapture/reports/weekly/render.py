"""The weekly report as an email: its subject, its plain text (also what ``flask report weekly
--print`` prints) and its HTML (``templates/reports/weekly_email.html``)."""

import textwrap
from urllib.parse import urlencode

from flask import current_app, render_template

from leadcapture.reports.weekly.model import Comment, Section, WeeklyReport, figure

HEADER = ("", "This week", "Last week", "Change")
NOTE_WIDTH = 100
HEADLINE = (("visits", "Visitors"), ("leads", "Leads"), ("leads", "Bookings"), ("feedback", "Average rating"))


def subject(report: WeeklyReport) -> str:
    return f"{report.clinic}: {report.title.lower()}"


def dashboard_link(report: WeeklyReport) -> str:
    """The admin dashboard for the report's week (the same figures, day by day)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/admin/?{urlencode(report.week.as_args())}"


def headline(report: WeeklyReport) -> str:
    """One line: the week and its main figures (those of the sections it has)."""
    found = [
        f"{row.label.lower()} {row.this_week_text} ({row.change})"
        for key, label in HEADLINE
        if (section := report.section(key)) and (row := section.row(label))
    ]
    figures = ": " + ", ".join(found) if found else ""
    return f"{report.clinic}: {report.title}, {len(report.sections)} sections{figures}."


def report_text(report: WeeklyReport, archive_link: str | None = None) -> str:
    """The plain-text version: a table per section, its note, comments, themes and trend."""
    lines = [
        f"{report.clinic}: {report.title}",
        f"Monday to Sunday in whole UTC days, against {report.previous.first} to {report.previous.last}.",
        "",
    ]
    width = max([len(row.label) for section in report.sections for row in section.rows] + [24])
    for section in report.sections:
        lines += [section.title.upper(), *_table(section, width)]
        lines += textwrap.wrap(section.note, NOTE_WIDTH, initial_indent="  ", subsequent_indent="  ")
        lines += _trend(section) + _themes(section) + _comments(section.comments) + [""]
    lines.append(f"The dashboard for this week: {dashboard_link(report)}")
    if archive_link:
        lines.append(f"This report in the admin: {archive_link}")
    return "\n".join(lines) + "\n"


def _table(section: Section, width: int) -> list[str]:
    rows = [
        HEADER,
        *((row.label, row.this_week_text, row.last_week_text, row.change) for row in section.rows),
    ]
    return [
        f"  {label:<{width}}  {now:>12}  {then:>12}  {change}".rstrip() for label, now, then, change in rows
    ]


def _trend(section: Section) -> list[str]:
    if not section.trend:
        return []
    points = ", ".join(f"{point.label} {figure(point.value, section.trend_kind)}" for point in section.trend)
    return [f"  By week: {points}"]


def _themes(section: Section) -> list[str]:
    if not section.themes:
        return []
    return ["  Themes:"] + [
        f"    {theme.label}: {theme.comments:,} comments ({figure(theme.share, 'percent')})"
        for theme in section.themes
    ]


def _comments(comments: tuple[Comment, ...]) -> list[str]:
    lines = ["  Comments:"] if comments else []
    for comment in comments:
        theme = f", theme {comment.theme}" if comment.theme else ""
        lines.append(
            f"    {comment.day} rated {comment.rating}/5, {comment.sentiment or 'no sentiment'}{theme}:"
        )
        lines.append(f"      “{comment.text}”")
    return lines


def report_html(report: WeeklyReport, archive_link: str | None = None) -> str:
    """The HTML version (a whole document, styles in its head, no scripts or images)."""
    return render_template(
        "reports/weekly_email.html",
        report=report,
        header=HEADER,
        figure=figure,
        dashboard_link=dashboard_link(report),
        archive_link=archive_link,
    )
