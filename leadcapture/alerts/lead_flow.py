"""The lead-flow check: no new lead for the threshold's opening hours of the clinic (its hours,
closed dates and timezone, as the booking tool has them), or yesterday's leads significantly fewer
than the day before's (clinic-local calendar days; a one-sided exact binomial test of the two
counts, only once both days together have the rule's minimum)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from leadcapture.alerts.evaluate import AlertText, Firing
from leadcapture.alerts.opening_hours import local_date, open_time, to_utc
from leadcapture.alerts.rules import RuleSettings
from leadcapture.alerts.stats import fewer_than_before
from leadcapture.cta.tools.appointment_booking import clinic_hours
from leadcapture.extensions import db
from leadcapture.models import Lead


def check(rule: RuleSettings, _open: set[str], now: datetime) -> Firing:
    """The causes that fire now: ``quiet`` and ``day_over_day``."""
    firing: Firing = {}
    quiet = _quiet(rule, now)
    if quiet:
        firing["quiet"] = quiet
    drop = _day_over_day(rule, now)
    if drop:
        firing["day_over_day"] = drop
    return firing


def _quiet(rule: RuleSettings, now: datetime) -> AlertText | None:
    last = db.session.scalar(select(func.max(Lead.created_at)))
    if last is None:
        return None  # no lead yet: nothing has stopped
    hours = clinic_hours()
    quiet = open_time(hours, last, now)
    if quiet < timedelta(hours=rule.thresholds["quiet_hours"]):
        return None
    local = last.replace(tzinfo=UTC).astimezone(hours.zone)
    open_hours = int(quiet.total_seconds() // 3600)
    return AlertText(
        f"No new lead for {open_hours} opening hours",
        f"The last lead came on {local:%a %d %b %Y at %H:%M} ({hours.timezone}); the clinic has been open "
        f"{open_hours} hours since (the alert fires from {rule.thresholds['quiet_hours']}). Are the site, "
        "its forms and the campaigns working?",
    )


def _day_over_day(rule: RuleSettings, now: datetime) -> AlertText | None:
    zone = clinic_hours().zone
    today = local_date(now, zone)
    earlier, yesterday = today - timedelta(days=2), today - timedelta(days=1)
    before, recent = _leads_on(earlier, zone), _leads_on(yesterday, zone)
    if before + recent < rule.thresholds["min_leads"] or recent >= before:
        return None
    p_value = fewer_than_before(recent, before)
    if p_value >= rule.thresholds["p_value"]:
        return None
    return AlertText(
        f"Leads down: {recent} yesterday against {before} the day before",
        f"{yesterday:%a %d %b} had {recent} new leads, {earlier:%a %d %b} {before} (clinic days). With one "
        "rate for both days, yesterday's share of the two would follow a fair coin; an exact one-sided "
        f"binomial test gives p = {p_value:.2g}, below the rule's {rule.thresholds['p_value']:g}.",
    )


def _leads_on(day: date, zone: ZoneInfo) -> int:
    """The leads created on the clinic-local ``day``."""
    start, end = (to_utc(datetime.combine(day + timedelta(days=offset), time()), zone) for offset in (0, 1))
    return db.session.scalar(
        select(func.count(Lead.id)).where(Lead.created_at >= start, Lead.created_at < end)
    )
