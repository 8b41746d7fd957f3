"""The feedback report's comments: newest first, with sentiment and theme, filtered and paged, and
how many of them each theme holds.

One query reads the id, sentiment and rating of the filtered period's newest ``MAX_COMMENTS``
comments (an index-only scan on PostgreSQL); themes, filters and pages are applied to that list,
and only the shown page's rows are read in full.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Feedback
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.feedback_themes import MAX_COMMENTS, PeriodThemes, period_themes

PAGE_SIZE = 25
NO_THEME = 0  # the theme filter's value for comments in no theme


@dataclass(frozen=True)
class Comment:
    feedback: Feedback
    theme: int | None


@dataclass(frozen=True)
class Comments:
    themes: PeriodThemes
    theme_counts: Counter  # theme number (None: no theme) -> comments of the segment
    rows: list[Comment]
    page: int
    total: int  # comments matching every filter
    capped: bool  # the segment has more comments than ``MAX_COMMENTS``: the newest are listed

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def comments(filters: FeedbackFilters, page: int = 1) -> Comments:
    """The page ``page`` of the comments ``filters`` choose, with the period's themes."""
    listed, capped = _listed(filters)
    found = period_themes(filters.period, [row.id for row in listed])
    theme_of = found.theme_of
    matching = [
        row.id
        for row in listed
        if (filters.sentiment is None or row.sentiment_label == filters.sentiment)
        and (filters.rating is None or row.rating == filters.rating)
        and (filters.theme is None or (theme_of.get(row.id) or NO_THEME) == filters.theme)
    ]
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    if page > pages:
        raise InputError({"page": f"there {'is' if pages == 1 else 'are'} {pages} page(s)"})
    shown = matching[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    rows = [Comment(feedback, theme_of.get(feedback.id)) for feedback in _in_order(shown)]
    counts = Counter(theme_of.get(row.id) for row in listed)
    return Comments(found, counts, rows, page, len(matching), capped)


def placed_themes(filters: FeedbackFilters) -> PeriodThemes:
    """The period's themes with every listed comment of the segment placed in them."""
    listed, _capped = _listed(filters)
    return period_themes(filters.period, [row.id for row in listed])


def _listed(filters: FeedbackFilters) -> tuple[list, bool]:
    """(id, sentiment, rating) of the segment's newest ``MAX_COMMENTS`` comments; were there more?"""
    listed = db.session.execute(
        select(Feedback.id, Feedback.sentiment_label, Feedback.rating)
        .where(*filters.segment(), Feedback.comment.is_not(None))
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(MAX_COMMENTS + 1)
    ).all()
    return listed[:MAX_COMMENTS], len(listed) > MAX_COMMENTS


def examples(found: PeriodThemes) -> dict[int, list[tuple[str, str, datetime]]]:
    """Each theme's example comments still there: (feedback id, comment, when), by theme number."""
    wanted = {key: theme.number for theme in found.themes for key in theme.examples}
    query = select(Feedback.id, Feedback.comment, Feedback.created_at).where(
        Feedback.id.in_(list(wanted)), Feedback.comment.is_not(None)
    )
    by_id = {row.id: tuple(row) for row in db.session.execute(query)}
    return {theme.number: [by_id[key] for key in theme.examples if key in by_id] for theme in found.themes}


def _in_order(ids: list[str]) -> list[Feedback]:
    if not ids:
        return []
    found = {row.id: row for row in db.session.scalars(select(Feedback).where(Feedback.id.in_(ids)))}
    return [found[feedback_id] for feedback_id in ids if feedback_id in found]
