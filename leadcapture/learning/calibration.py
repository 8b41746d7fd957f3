"""Calibration: how the stored score and level line up with an outcome. The outcome rate per score
band of ``BAND_WIDTH`` points (a reliability chart: it should rise with the score) and per
engagement level, from one query grouping the period's leads by band and level."""

from dataclasses import dataclass

from sqlalchemy import case, func, select

from leadcapture.extensions import db
from leadcapture.learning.intervals import Rate, rate
from leadcapture.learning.outcomes import leads_with_outcome
from leadcapture.models import Lead
from leadcapture.reports.period import Period

BAND_WIDTH = 10
BANDS = 100 // BAND_WIDTH  # a score of 100 is in the last band (90-100)
LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class Band:
    low: int  # the band holds scores low..high, both included
    high: int
    outcome: Rate


@dataclass(frozen=True)
class Calibration:
    outcome: str
    period: Period
    bands: list[Band]  # every band, lowest first
    levels: dict[str, Rate]  # low, medium, high
    leads: Rate  # every lead of the period


def calibration(outcome: str, period: Period) -> Calibration:
    """The outcome rate of the leads created in ``period`` per score band and per level."""
    band = case((Lead.score >= 100, BANDS - 1), else_=Lead.score // BAND_WIDTH).label("band")
    scoped = leads_with_outcome(outcome, period, band, Lead.engagement_level.label("level")).subquery()
    query = select(scoped.c.band, scoped.c.level, func.count(), func.coalesce(func.sum(scoped.c.hit), 0))
    rows = db.session.execute(query.group_by(scoped.c.band, scoped.c.level)).all()
    by_band, by_level = _rates(rows, 0), _rates(rows, 1)
    empty = rate(0, 0)
    bands = [Band(n * BAND_WIDTH, _band_top(n), by_band.get(n, empty)) for n in range(BANDS)]
    levels = {level: by_level.get(level, empty) for level in LEVELS}
    total = rate(sum(row[3] for row in rows), sum(row[2] for row in rows))
    return Calibration(outcome, period, bands, levels, total)


def _band_top(number: int) -> int:
    return 100 if number == BANDS - 1 else (number + 1) * BAND_WIDTH - 1


def _rates(rows, key: int) -> dict:
    """{band or level (``key``: its column): Rate} over the (band, level, leads, outcomes) rows."""
    sums: dict = {}
    for row in rows:
        leads, hits = sums.get(row[key], (0, 0))
        sums[row[key]] = (leads + row[2], hits + int(row[3]))
    return {name: rate(hits, leads) for name, (leads, hits) in sums.items()}
