"""One organisation's feedback in a period as a PDF document (seed 002's enterprise reporting):
its figures, its average rating per day, its ratings by dimension, the themes of its comments and
the comments themselves.

The figures, people and chart are the drill-down page's (``organisation_feedback``), the themes and
their counts the feedback report's with the organisation chosen (``comments``), so the PDF says what
those pages say. Names and email addresses stay out: the report may leave the clinic.
"""

from collections import Counter
from datetime import datetime

from leadcapture.models import Feedback
from leadcapture.models.types import utcnow
from leadcapture.reports.feedback_charts import daily_ratings
from leadcapture.reports.feedback_comments import Comments as ListedComments
from leadcapture.reports.feedback_comments import comments
from leadcapture.reports.feedback_dimensions import dimension_ratings
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.feedback_people import Organisation, organisation_feedback
from leadcapture.reports.feedback_themes import PeriodThemes
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
from leadcapture.reports.period import Period

MAX_COMMENTS = 100  # the newest comments printed


def organisation_document(key: str, period: Period, now: datetime | None = None) -> PdfDocument | None:
    """The report on the organisation ``key`` (``Feedback.organisation_key``) for ``period``; None
    for an organisation that never gave feedback."""
    found = organisation_feedback(key, period)
    if found is None:
        return None
    filters = FeedbackFilters(period, organisation=key)
    listed = comments(filters)
    made = now or utcnow()
    document = PdfDocument(
        f"Feedback report: {found.name}",
        f"{period.first} to {period.last} ({period.days} days, UTC) · made {made:%Y-%m-%d %H:%M} UTC",
    )
    document.add(Heading("Summary"), _summary(found))
    if found.truncated:
        document.add(
            Paragraph(f"People and the chart count the newest {len(found.feedback)} feedback.", muted=True)
        )
    document.add(
        Chart(
            "Average rating per day",
            period.dates(),
            [Series("Average rating", _by_day(found, period))],
            y_label="Average rating",
            y_range=(1, 5),
        ),
        Heading("Ratings"),
        _ratings(found, filters),
        Heading("Themes"),
        *_themes(listed),
        Heading("Comments"),
        *_comments(found.feedback, listed.themes),
    )
    return document


def _summary(found: Organisation) -> Table:
    total = found.tally
    return Table(
        ("", "This period"),
        [
            ("Feedback", _count(total.count)),
            ("Average rating (1-5)", _average(total.average)),
            ("People", _count(len(found.people))),
            ("Comments", _count(total.comments)),
            ("Positive comments", _percent(total.share(total.positive))),
            ("Negative comments", _percent(total.share(total.negative))),
        ],
    )


def _by_day(found: Organisation, period: Period) -> list[float | None]:
    averages = dict(daily_ratings(found.feedback))
    return [averages.get(day) for day in period.dates()]


def _ratings(found: Organisation, filters: FeedbackFilters) -> Table:
    """The overall rating and each optional one: average and answers."""
    rows = [("Overall", _average(found.tally.average), _count(found.tally.count))]
    rows += [
        (rating.label, _average(rating.average), _count(rating.answers))
        for rating in dimension_ratings(filters.segment())
    ]
    return Table(("Rating", "Average (1-5)", "Answers"), rows)


def _themes(listed: ListedComments) -> list:
    """The themes of the period's comments with this organisation's comments in each, the most first."""
    found = listed.themes
    if not found.themes:
        return [Paragraph("No themes: the period has too few comments to find them.", muted=True)]
    counts: Counter = listed.theme_counts
    placed = sum(counts.values())
    rows = [
        (
            theme.label,
            _count(counts[theme.number]),
            _percent(100 * counts[theme.number] / placed if placed else None),
        )
        for theme in sorted(found.themes, key=lambda theme: (-counts[theme.number], theme.number))
    ]
    if counts[None]:
        rows.append(
            (
                "(no theme: shares no word with the themes)",
                _count(counts[None]),
                _percent(100 * counts[None] / placed),
            )
        )
    note = "Themes are found in all the period's comments; counted here for this organisation's."
    if listed.capped:
        note += f" Counted on its newest {placed:,} comments."
    return [Table(("Theme", "Comments", "Share"), rows, widths=(4, 1, 1)), Paragraph(note, muted=True)]


def _comments(rows: list[Feedback], themes: PeriodThemes) -> list:
    """The newest ``MAX_COMMENTS`` comments with when, the rating, sentiment and theme."""
    commented = [row for row in rows if row.comment]
    items = [Comment(row.comment, _meta(row, themes)) for row in commented[:MAX_COMMENTS]]
    blocks: list = [Comments(items, empty="No comments in this period.")]
    if len(commented) > MAX_COMMENTS:
        blocks.append(
            Paragraph(f"The newest {MAX_COMMENTS} comments; the CSV export has them all.", muted=True)
        )
    return blocks


def _meta(row: Feedback, themes: PeriodThemes) -> str:
    theme = themes.theme(themes.theme_of.get(row.id))
    parts = [
        f"{row.created_at:%Y-%m-%d %H:%M} UTC",
        f"rating {row.rating}/5",
        row.sentiment_label,
        row.tool.replace("_", " ") if row.tool else None,
        f"theme: {theme.label}" if theme else None,
    ]
    return " · ".join(part for part in parts if part)


def _count(value: int) -> str:
    return f"{value:,}"


def _average(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}%"
