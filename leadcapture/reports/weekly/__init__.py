"""The weekly report: a week's figures against the week before, as plain data (``model``), built
from the admin reports' own code (``sections``), rendered as text and HTML (``render``), mailed and
archived (``archive``) by `flask report weekly` and the Monday job (``schedule``).

For another renderer (the PDF): ``weekly_report(week, keys)`` gives a ``WeeklyReport``; an archived
one is ``WeeklyReport.from_dict(archive.report)``.
"""

from leadcapture.reports.weekly.model import (
    Comment,
    Row,
    Section,
    ThemeLine,
    TrendPoint,
    WeeklyReport,
    figure,
)
from leadcapture.reports.weekly.sections import SECTIONS, weekly_report

__all__ = [
    "SECTIONS",
    "Comment",
    "Row",
    "Section",
    "ThemeLine",
    "TrendPoint",
    "WeeklyReport",
    "figure",
    "weekly_report",
]
