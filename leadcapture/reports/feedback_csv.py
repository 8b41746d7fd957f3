"""The feedback report as CSV: every feedback the page's filters choose, newest first, streamed in
batches (a server-side cursor on PostgreSQL)."""

from collections.abc import Iterator

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback
from leadcapture.reports.feedback_comments import NO_THEME
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.feedback_themes import PeriodThemes

BATCH = 1000
COLUMNS = (
    "id",
    "created_at",
    "context",
    "tool",
    "campaign",
    "engagement_level",
    "rating",
    "rating_experience",
    "rating_tool",
    "rating_ease_of_use",
    "ease_of_use",
    "helpfulness",
    "would_book",
    "comment",
    "sentiment_label",
    "sentiment_score",
    "name",
    "email",
    "organisation",
    "organisation_key",
    "follow_up_consent",
    "lead_id",
    "visitor_id",
    "session_id",
)
HEADER = (*(name if name != "created_at" else "created_at_utc" for name in COLUMNS), "theme")


def csv_rows(filters: FeedbackFilters, themes: PeriodThemes) -> Iterator[tuple]:
    """A row (``HEADER``) per feedback: all of the segment's, or only the comments the sentiment,
    rating and theme filters choose when one is set."""
    narrowed = filters.sentiment or filters.rating or filters.theme is not None
    query = (
        select(*(getattr(Feedback, name) for name in COLUMNS))
        .where(*(filters.comments() if narrowed else filters.segment()))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .execution_options(yield_per=BATCH)
    )
    labels = {theme.number: theme.label for theme in themes.themes}
    for row in db.session.execute(query):
        number = themes.theme_of.get(row.id)
        if filters.theme is not None and (number or NO_THEME) != filters.theme:
            continue
        values = row._asdict()
        values["created_at"] = row.created_at.strftime("%Y-%m-%d %H:%M:%S")
        values["follow_up_consent"] = "yes" if row.follow_up_consent else "no"
        yield (*values.values(), labels.get(number, ""))
