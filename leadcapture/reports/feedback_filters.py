"""The feedback report's filters, read from the query string.

The period, tool, campaign and organisation choose the feedback the whole page reports on (its
figures, chart, tables and comments); sentiment, rating and theme narrow the comments list.
``NOT_SET`` as a tool, campaign or organisation picks the feedback without one.
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement

from leadcapture.cta.registry import TOOLS
from leadcapture.feedback.organisation import organisation_key
from leadcapture.models import SENTIMENT_LABELS, Feedback
from leadcapture.reports.list_args import choice, text, whole_number
from leadcapture.reports.period import Period, period_from_args

NOT_SET = "(not set)"
SEGMENT_COLUMNS = {
    "tool": Feedback.tool,
    "campaign": Feedback.campaign,
    "organisation": Feedback.organisation_key,
}
MAX_THEME = 99


@dataclass(frozen=True)
class FeedbackFilters:
    period: Period
    tool: str | None = None
    campaign: str | None = None
    organisation: str | None = None  # an organisation key (``Feedback.organisation_key``)
    sentiment: str | None = None
    rating: int | None = None
    theme: int | None = None  # a theme number of the period's themes (0: comments in none)

    def as_args(self) -> dict[str, str]:
        """The query-string arguments that give these filters back (links, the CSV, pages)."""
        values = {
            "tool": self.tool,
            "campaign": self.campaign,
            "organisation": self.organisation,
            "sentiment": self.sentiment,
            "rating": self.rating,
            "theme": self.theme,
        }
        args = {key: str(value) for key, value in values.items() if value is not None}
        return args | self.period.as_args()

    def segment_args(self, period: bool = True) -> dict[str, str]:
        """``as_args`` without the comment filters (for links from the page's tables), and without
        the period unless ``period``."""
        dropped = COMMENT_ARGS if period else (*COMMENT_ARGS, *self.period.as_args())
        return {key: value for key, value in self.as_args().items() if key not in dropped}

    def segment(self) -> list[ColumnElement]:
        """Conditions on ``Feedback`` for the period, tool, campaign and organisation."""
        conditions = [Feedback.created_at >= self.period.start, Feedback.created_at < self.period.end]
        for name, column in SEGMENT_COLUMNS.items():
            value = getattr(self, name)
            if value == NOT_SET:
                conditions.append(column.is_(None))
            elif value is not None:
                conditions.append(column == value)
        return conditions

    def comments(self) -> list[ColumnElement]:
        """``segment`` plus: a comment, and the sentiment and rating chosen (the theme is not SQL)."""
        conditions = [*self.segment(), Feedback.comment.is_not(None)]
        if self.sentiment:
            conditions.append(Feedback.sentiment_label == self.sentiment)
        if self.rating:
            conditions.append(Feedback.rating == self.rating)
        return conditions


COMMENT_ARGS = ("sentiment", "rating", "theme")


def feedback_filters(args) -> FeedbackFilters:
    """The filters in ``args``; InputError names each bad one."""
    return FeedbackFilters(
        period=period_from_args(args),
        tool=choice(args, "tool", (*TOOLS, NOT_SET)),
        campaign=text(args, "campaign"),
        organisation=_organisation(args),
        sentiment=choice(args, "sentiment", SENTIMENT_LABELS),
        rating=whole_number(args, "rating", 1, 5),
        theme=whole_number(args, "theme", 0, MAX_THEME),
    )


def _organisation(args) -> str | None:
    """The organisation as typed ("Lee  Skin Studio") or as its key ("lee skin studio"): the key."""
    value = text(args, "organisation")
    return NOT_SET if value == NOT_SET else organisation_key(value, None)
