"""The weekly report as plain data: ordered sections of rows (a figure this week and the week
before, and the change), some with the week's comments, themes or a trend. Renderers (the plain
text, the email's HTML, a PDF) only format it; ``to_dict``/``from_dict`` keep it as JSON.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from leadcapture.reports.dashboard import change
from leadcapture.reports.period import Period

# How a row's values read: a count, a percentage, a lead score, a rating (1-5), seconds.
KINDS = ("count", "percent", "score", "rating", "duration")


def figure(value: float | None, kind: str = "count") -> str:
    """``value`` as the report (and the dashboard) shows it; "–" for none."""
    if value is None:
        return "–"
    if kind == "percent":
        return f"{value:.1f}%"
    if kind == "score":
        return f"{value:.1f}"
    if kind == "rating":
        return f"{value:.2f}"
    if kind == "duration":
        minutes, seconds = divmod(round(value), 60)
        return f"{minutes} min {seconds:02d} s"
    return f"{value:,}"


@dataclass(frozen=True)
class Row:
    """One figure: ``this_week`` and ``last_week`` (None: not defined, e.g. a rate of nothing)."""

    label: str
    this_week: float | None
    last_week: float | None
    kind: str = "count"  # one of KINDS

    @property
    def change(self) -> str:
        """ "↑ 12%", "↓ 3%", "no change", "new" or "–" (the dashboard's wording)."""
        return change(self.this_week, self.last_week)

    @property
    def this_week_text(self) -> str:
        return figure(self.this_week, self.kind)

    @property
    def last_week_text(self) -> str:
        return figure(self.last_week, self.kind)


@dataclass(frozen=True)
class Comment:
    """A comment of the week, quoted (one line, shortened)."""

    feedback_id: str
    text: str
    rating: int
    sentiment: str | None  # positive, neutral, negative
    theme: str | None  # the label of its theme
    day: date


@dataclass(frozen=True)
class ThemeLine:
    """A theme of the week's comments: its label (top words) and how many comments it holds."""

    label: str
    comments: int
    share: float | None  # percent of the week's comments


@dataclass(frozen=True)
class TrendPoint:
    label: str  # e.g. "2026-11-23" (the week's Monday)
    value: float | None


@dataclass(frozen=True)
class Section:
    key: str  # one of ``sections.SECTIONS``
    title: str
    rows: tuple[Row, ...] = ()
    note: str = ""  # what the figures count, in a sentence
    comments: tuple[Comment, ...] = ()
    themes: tuple[ThemeLine, ...] = ()
    trend: tuple[TrendPoint, ...] = ()  # oldest first
    trend_kind: str = "rating"

    def row(self, label: str) -> Row | None:
        return next((row for row in self.rows if row.label == label), None)


@dataclass(frozen=True)
class WeeklyReport:
    week: Period  # Monday to Sunday (whole UTC days, as the dashboard counts them)
    previous: Period  # the week before
    clinic: str
    generated_at: datetime  # naive UTC
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return f"Weekly report {self.week.first.isoformat()} to {self.week.last.isoformat()}"

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    @property
    def comments(self) -> list[Comment]:
        """Every comment quoted, in every section."""
        return [comment for section in self.sections for comment in section.comments]

    def without_comments(self, feedback_ids: set[str]) -> "WeeklyReport":
        """This report less the quoted comments of ``feedback_ids``."""
        sections = tuple(
            replace(
                section,
                comments=tuple(c for c in section.comments if c.feedback_id not in feedback_ids),
            )
            for section in self.sections
        )
        return replace(self, sections=sections)

    def to_dict(self) -> dict:
        """JSON-ready values (``from_dict`` reads them back)."""
        return {
            "week": self.week.as_args(),
            "previous": self.previous.as_args(),
            "clinic": self.clinic,
            "generated_at": self.generated_at.isoformat(),
            "sections": [_section_dict(section) for section in self.sections],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "WeeklyReport":
        return cls(
            week=_period(data["week"]),
            previous=_period(data["previous"]),
            clinic=data["clinic"],
            generated_at=datetime.fromisoformat(data["generated_at"]),
            sections=tuple(_section(values) for values in data["sections"]),
        )


def _section_dict(section: Section) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "note": section.note,
        "rows": [[row.label, row.this_week, row.last_week, row.kind] for row in section.rows],
        "comments": [
            [c.feedback_id, c.text, c.rating, c.sentiment, c.theme, c.day.isoformat()]
            for c in section.comments
        ],
        "themes": [[theme.label, theme.comments, theme.share] for theme in section.themes],
        "trend": [[point.label, point.value] for point in section.trend],
        "trend_kind": section.trend_kind,
    }


def _section(values: dict) -> Section:
    return Section(
        key=values["key"],
        title=values["title"],
        note=values["note"],
        rows=tuple(Row(*row) for row in values["rows"]),
        comments=tuple(
            Comment(*comment[:5], date.fromisoformat(comment[5])) for comment in values["comments"]
        ),
        themes=tuple(ThemeLine(*theme) for theme in values["themes"]),
        trend=tuple(TrendPoint(*point) for point in values["trend"]),
        trend_kind=values["trend_kind"],
    )


def _period(args: dict) -> Period:
    return Period(date.fromisoformat(args["from"]), date.fromisoformat(args["to"]))
