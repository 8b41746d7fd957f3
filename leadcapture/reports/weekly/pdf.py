"""The weekly report as a PDF: each section's table, note, themes and comments, and the rating
trend as a chart, laid out by ``reports.pdf``."""

from datetime import date

from leadcapture.reports.pdf.document import (
    Chart,
    Comment,
    Comments,
    Heading,
    Paragraph,
    PdfDocument,
    Series,
    Table,
)
from leadcapture.reports.weekly.model import Section, WeeklyReport, figure
from leadcapture.reports.weekly.render import HEADER


def weekly_pdf(report: WeeklyReport) -> bytes:
    """``report`` as the bytes of a PDF file."""
    document = PdfDocument(
        f"{report.clinic}: {report.title}",
        f"Monday to Sunday in whole UTC days, against {report.previous.first} to {report.previous.last}; "
        f"made {report.generated_at:%Y-%m-%d %H:%M} UTC",
    )
    for section in report.sections:
        document.add(*_blocks(section))
    # fpdf and matplotlib are loaded on use (tests/app/test_startup.py)
    from leadcapture.reports.pdf.render import render_pdf

    return render_pdf(document)


def _blocks(section: Section) -> list:
    blocks: list = [Heading(section.title)]
    if section.rows:
        rows = [(row.label, row.this_week_text, row.last_week_text, row.change) for row in section.rows]
        blocks.append(Table(HEADER, rows))
    if section.note:
        blocks.append(Paragraph(section.note, muted=True))
    if section.trend:
        weeks = [date.fromisoformat(point.label) for point in section.trend]
        series = Series(section.title, [point.value for point in section.trend])
        scale = (1, 5) if section.trend_kind == "rating" else None
        blocks.append(Chart(f"{section.title} by week", weeks, [series], y_range=scale))
    if section.themes:
        themes = [
            Comment(f"{theme.label}: {theme.comments:,} comments ({figure(theme.share, 'percent')})")
            for theme in section.themes
        ]
        blocks += [Paragraph("Themes"), Comments(themes)]
    if section.comments:
        blocks.append(Comments([_comment(comment) for comment in section.comments]))
    return blocks


def _comment(comment) -> Comment:
    theme = f" · theme {comment.theme}" if comment.theme else ""
    return Comment(
        comment.text, f"{comment.day} · {comment.rating}/5 · {comment.sentiment or 'no sentiment'}{theme}"
    )
