"""The optional ratings given beside the overall one (``RATING_DIMENSIONS``): each one's average
and how many answered it."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from leadcapture.extensions import db
from leadcapture.models import RATING_DIMENSIONS, Feedback

# As the feedback form and a feedback's page name them.
DIMENSION_LABELS = {"experience": "The experience", "tool": "The tool", "ease_of_use": "Ease of use"}


@dataclass(frozen=True)
class DimensionRating:
    name: str
    label: str
    average: float | None  # None: nobody gave this rating
    answers: int


def dimension_ratings(conditions: list[ColumnElement]) -> list[DimensionRating]:
    """Each dimension's rating over the feedback matching ``conditions`` (one query)."""
    columns = [getattr(Feedback, f"rating_{name}") for name in RATING_DIMENSIONS]
    row = db.session.execute(
        select(*(func.avg(column) for column in columns), *(func.count(column) for column in columns)).where(
            *conditions
        )
    ).one()
    averages, answers = row[: len(columns)], row[len(columns) :]
    return [
        DimensionRating(name, DIMENSION_LABELS[name], None if average is None else float(average), int(count))
        for name, average, count in zip(RATING_DIMENSIONS, averages, answers, strict=True)
    ]
