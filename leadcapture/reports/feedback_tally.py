"""Feedback counted: how many, the ratings added up, comments and their sentiment, so that any
grouping (a day, a tool, an organisation) sums and averages the same way."""

from dataclasses import dataclass

from sqlalchemy import case, func

from leadcapture.models import Feedback


@dataclass(frozen=True)
class Tally:
    count: int = 0
    rating_sum: int = 0
    comments: int = 0
    positive: int = 0
    negative: int = 0

    @property
    def average(self) -> float | None:
        """The average rating (1-5), None without feedback."""
        return self.rating_sum / self.count if self.count else None

    def share(self, part: int) -> float | None:
        """``part`` as a percentage of the comments (None without comments)."""
        return 100 * part / self.comments if self.comments else None

    @classmethod
    def of(cls, rows) -> "Tally":
        """The tally of some ``Feedback`` rows."""
        labels = [row.sentiment_label for row in rows]
        return cls(
            len(rows),
            sum(row.rating for row in rows),
            sum(row.comment is not None for row in rows),
            labels.count("positive"),
            labels.count("negative"),
        )

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(
            self.count + other.count,
            self.rating_sum + other.rating_sum,
            self.comments + other.comments,
            self.positive + other.positive,
            self.negative + other.negative,
        )


def tally_columns() -> tuple:
    """The aggregates a query selects for ``Tally(*row)``, in its field order."""
    return (
        func.count(),
        func.coalesce(func.sum(Feedback.rating), 0),
        func.count(Feedback.comment),
        _labelled("positive"),
        _labelled("negative"),
    )


def _labelled(label: str):
    return func.coalesce(func.sum(case((Feedback.sentiment_label == label, 1), else_=0)), 0)


def tally(row) -> Tally:
    """A Tally from the ``tally_columns`` at the end of a result row."""
    return Tally(*(int(value) for value in row[-5:]))


def total(tallies) -> Tally:
    return sum(tallies, Tally())
