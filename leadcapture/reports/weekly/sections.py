"""The weekly report's sections, in order: visits, engagement, leads, campaigns, prompts, feedback,
consent, comments. Each is a key, a title and a function of the week's figures giving the
section's parts (rows, note, comments...); admins choose which go into the report (``settings``),
and ``weekly_report`` builds the chosen ones."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from leadcapture.cta.registry import TOOLS
from leadcapture.engagement import ENGAGEMENT_LEVELS
from leadcapture.models.types import utcnow
from leadcapture.reports.feedback_filters import NOT_SET
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.feedback_sections import comments_section, feedback_section, prompts_section
from leadcapture.reports.weekly.figures import WeekFigures, count_of, share, total
from leadcapture.reports.weekly.model import Row, Section, WeeklyReport
from leadcapture.rollups.refresh import refresh_rollups
from leadcapture.scoring.engine import HIGH, LOW, MEDIUM

TOP_CAMPAIGNS = 10
# Before the dashboard reads the roll-ups, fold in all that is queued (the dashboard's own refresh
# stops after a page view's budget).
REFRESH_SECONDS = 60
ENGAGED = ("high", "very_high")


def visits_section(figures: WeekFigures) -> dict:
    now, then = figures.board.current, figures.board.previous
    sessions = figures.sessions
    rows = [
        Row("Visitors", now.visitors, then.visitors),
        Row("Sessions", now.sessions, then.sessions),
        Row("Average session length", _length(sessions.this), _length(sessions.last), "duration"),
        Row("Tool uses", now.tool_uses, then.tool_uses),
        *(
            Row(f"Tool uses: {tool.title}", *count_of(figures.tool_uses, name))
            for name, tool in TOOLS.items()
        ),
    ]
    note = "Visitors: distinct visitors with a session started in the week. Session length: its active time."
    return {"rows": rows, "note": note}


def _length(sessions: dict) -> float | None:
    """The average active seconds of (sessions, active seconds) counts."""
    count = total(sessions)
    return sum(seconds for _count, seconds in sessions.values()) / count if count else None


def engagement_section(figures: WeekFigures) -> dict:
    sessions = figures.sessions
    rows = [
        Row(level.replace("_", " ").capitalize(), *count_of(sessions, level)) for level in ENGAGEMENT_LEVELS
    ]
    rows.append(Row("High or very high", *share(sessions, *ENGAGED), "percent"))
    note = (
        "Sessions started in the week by their engagement score, 0-12 (low below 3, medium 3-5, "
        "high 6-8, very high 9+)."
    )
    return {"rows": rows, "note": note}


def leads_section(figures: WeekFigures) -> dict:
    now, then = figures.board.current, figures.board.previous
    rows = [
        Row("Leads", now.leads, then.leads),
        Row("Conversion rate", now.conversion_rate, then.conversion_rate, "percent"),
        Row("Average lead score", now.average_score, then.average_score, "score"),
        Row("Bookings", now.bookings, then.bookings),
        *(
            Row(f"Leads, {level} level", *count_of(figures.lead_levels, level))
            for level in (HIGH, MEDIUM, LOW)
        ),
    ]
    note = (
        "Leads and bookings created in the week; conversion rate: leads per visitor; scores and "
        "levels as they are now."
    )
    return {"rows": rows, "note": note}


def campaigns_section(figures: WeekFigures) -> dict:
    counts = figures.lead_campaigns
    named = {campaign for part in (counts.this, counts.last) for campaign in part if campaign is not None}
    ranked = sorted(named, key=lambda campaign: (*(-n for n in count_of(counts, campaign)), campaign))
    rows = [Row(campaign, *count_of(counts, campaign)) for campaign in ranked[:TOP_CAMPAIGNS]]
    if rest := [count_of(counts, campaign) for campaign in ranked[TOP_CAMPAIGNS:]]:
        rows.append(Row("Other campaigns", sum(now for now, _ in rest), sum(then for _, then in rest)))
    rows.append(Row(NOT_SET, *count_of(counts, None)))
    return {"rows": rows, "note": "New leads by the campaign (utm_campaign) of their first visit."}


def consent_section(figures: WeekFigures) -> dict:
    leads, banner = figures.marketing_consent, figures.tracking_consent
    rows = [
        Row("New leads who opted in to marketing email", *share(leads, True), "percent"),
        Row("Consent banner answers", total(banner.this), total(banner.last)),
        Row("Answers allowing analytics", *share(banner, True), "percent"),
    ]
    note = (
        "Opt-in: the share of the week's new leads who ticked the marketing consent box. Banner: visitors' "
        "answers to the tracking consent banner (withdrawals included), and the share that allowed analytics."
    )
    return {"rows": rows, "note": note}


@dataclass(frozen=True)
class SectionKind:
    title: str
    parts: Callable[[WeekFigures], dict]  # the ``Section``'s fields but its key and title


SECTIONS = {
    "visits": SectionKind("Visits and sessions", visits_section),
    "engagement": SectionKind("Sessions by engagement level", engagement_section),
    "leads": SectionKind("Leads and bookings", leads_section),
    "campaigns": SectionKind("Leads by campaign", campaigns_section),
    "prompts": SectionKind("Contact form and feedback prompts", prompts_section),
    "feedback": SectionKind("Feedback and ratings", feedback_section),
    "consent": SectionKind("Consent", consent_section),
    "comments": SectionKind("Comments and themes", comments_section),
}


def weekly_report(
    week: Period, keys: Iterable[str] = tuple(SECTIONS), now: datetime | None = None
) -> WeeklyReport:
    """The report on ``week`` against the week before, with the sections ``keys`` names, in the
    report's order (folds queued activity into the roll-ups first; commits)."""
    now = now or utcnow()
    refresh_rollups(seconds=REFRESH_SECONDS)
    figures = WeekFigures(week, now)
    chosen = set(keys)
    sections = []
    for key, kind in SECTIONS.items():
        if key in chosen:
            parts = kind.parts(figures)
            sections.append(Section(key, kind.title, **{**parts, "rows": tuple(parts["rows"])}))
    return WeeklyReport(week, week.previous(), current_app.config["CLINIC_NAME"], now, tuple(sections))
