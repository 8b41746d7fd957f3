"""The weekly report's feedback sections: prompts and response rates, ratings and their trend,
comments and themes, from the feedback report's own code (``feedback_report``,
``feedback_comments``, ``feedback_themes``), so they agree with ``/admin/feedback`` for the week."""

import re

from leadcapture.reports.feedback_comments import comments
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.prompt_performance import PromptPerformance
from leadcapture.reports.weekly.figures import Pair, WeekFigures, percent
from leadcapture.reports.weekly.model import Comment, Row, ThemeLine, TrendPoint

QUOTED_COMMENTS = 3  # of each sentiment
QUOTE_LENGTH = 300


def _contact_form(performance: list[PromptPerformance]) -> PromptPerformance:
    return next(row for row in performance if row.prompt_type == "contact_form")


def prompts_section(figures: WeekFigures) -> dict:
    reports = figures.feedback
    forms = Pair(*(_contact_form(report.prompts) for report in (reports.this, reports.last)))
    shown = Pair(*(sum(report.responses.shown.values()) for report in (reports.this, reports.last)))
    rows = [
        Row("Contact forms offered", forms.this.shown, forms.last.shown),
        Row(
            "Contact form response rate",
            percent(forms.this.submitted, forms.this.shown),
            percent(forms.last.submitted, forms.last.shown),
            "percent",
        ),
        Row("Feedback prompts shown", shown.this, shown.last),
        Row(
            "Feedback response rate", reports.this.responses.rate(), reports.last.responses.rate(), "percent"
        ),
    ]
    note = (
        "Of the prompts shown in the week (a follow-up email: sent), the share answered (a form: submitted)."
    )
    return {"rows": rows, "note": note}


def feedback_section(figures: WeekFigures) -> dict:
    now, then = figures.feedback.this.total, figures.feedback.last.total
    rows = [
        Row("Feedback received", now.count, then.count),
        Row("Average rating", now.average, then.average, "rating"),
        Row("Comments", now.comments, then.comments),
        Row("Positive comments", now.share(now.positive), then.share(then.positive), "percent"),
        Row("Negative comments", now.share(now.negative), then.share(then.negative), "percent"),
    ]
    trend = [TrendPoint(monday.isoformat(), tally.average) for monday, tally in figures.rating_trend]
    note = "Ratings 1-5 given in the week. Trend: the average rating of each week, by its Monday."
    return {"rows": rows, "note": note, "trend": tuple(trend)}


def comments_section(figures: WeekFigures) -> dict:
    week = comments(FeedbackFilters(figures.week))
    count = sum(week.theme_counts.values())
    themes = [
        ThemeLine(
            theme.label,
            week.theme_counts.get(theme.number, 0),
            percent(week.theme_counts.get(theme.number, 0), count),
        )
        for theme in week.themes.themes
    ]
    quoted = [
        Comment(
            row.feedback.id,
            quote(row.feedback.comment),
            row.feedback.rating,
            row.feedback.sentiment_label,
            theme.label if (theme := week.themes.theme(row.theme)) else None,
            row.feedback.created_at.date(),
        )
        for sentiment in ("negative", "positive")
        for row in comments(FeedbackFilters(figures.week, sentiment=sentiment)).rows[:QUOTED_COMMENTS]
    ]
    totals = figures.feedback
    note = (
        f"The newest {QUOTED_COMMENTS} negative and {QUOTED_COMMENTS} positive comments of the week, and the "
        "themes of all its comments (as on the feedback page)."
    )
    return {
        "rows": [Row("Comments", totals.this.total.comments, totals.last.total.comments)],
        "note": note,
        "comments": tuple(quoted),
        "themes": tuple(themes),
    }


def quote(text: str) -> str:
    """A comment on one line, shortened to ``QUOTE_LENGTH`` characters."""
    line = re.sub(r"\s+", " ", text).strip()
    return line if len(line) <= QUOTE_LENGTH else line[: QUOTE_LENGTH - 1].rstrip() + "…"
