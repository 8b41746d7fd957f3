"""The satisfaction check, per organisation and per tool: the average rating over the last
``window_days`` below the threshold, or significantly lower than over the window before (a
one-sided Mann-Whitney U test of the two windows' ratings). A window is judged only with at least
``min_ratings`` ratings (the test: both windows)."""

from collections import defaultdict
from datetime import datetime, timedelta
from statistics import fmean

from sqlalchemy import select

from leadcapture.alerts.evaluate import AlertText, Firing
from leadcapture.alerts.rules import RuleSettings
from leadcapture.alerts.stats import lower_than_before
from leadcapture.extensions import db
from leadcapture.models import Feedback

# (cause, what it is called) -> (the window's ratings, the window before's)
Windows = dict[tuple[str, str], tuple[list[int], list[int]]]


def check(rule: RuleSettings, _open: set[str], now: datetime) -> Firing:
    """The organisations' and tools' causes that fire now (``organisation:<key>``, ``tool:<name>``)."""
    firing: Firing = {}
    for (cause, name), (recent, before) in _windows(rule, now).items():
        text = _judge(rule, name, recent, before)
        if text:
            firing[cause] = text
    return firing


def _windows(rule: RuleSettings, now: datetime) -> Windows:
    window = timedelta(days=rule.thresholds["window_days"])
    rows = db.session.execute(
        select(Feedback.organisation_key, Feedback.tool, Feedback.rating, Feedback.created_at).where(
            Feedback.created_at >= now - 2 * window, Feedback.created_at < now
        )
    )
    windows: Windows = defaultdict(lambda: ([], []))
    for organisation, tool, rating, created_at in rows:
        recent = created_at >= now - window
        if organisation:
            windows[(f"organisation:{organisation}", organisation)][0 if recent else 1].append(rating)
        if tool:
            windows[(f"tool:{tool}", f"the {tool.replace('_', ' ')} tool")][0 if recent else 1].append(rating)
    return windows


def _judge(rule: RuleSettings, name: str, recent: list[int], before: list[int]) -> AlertText | None:
    """The alert for ``name``'s ratings, or None while they are fine (or too few to say)."""
    least, days = rule.thresholds["min_ratings"], rule.thresholds["window_days"]
    if len(recent) < least:
        return None
    average = fmean(recent)
    counted = f"{average:.2f} from {len(recent)} ratings over the last {days} days"
    if average < rule.thresholds["below"]:
        return AlertText(
            f"Satisfaction low: {name} averages {average:.1f}",
            f"The average rating of {name} is {counted}, below the alert's {rule.thresholds['below']:g}.",
        )
    if len(before) < least or average >= fmean(before):
        return None
    p_value = lower_than_before(recent, before)
    if p_value >= rule.thresholds["p_value"]:
        return None
    return AlertText(
        f"Satisfaction dropped: {name} from {fmean(before):.1f} to {average:.1f}",
        f"The average rating of {name} is {counted}, against {fmean(before):.2f} from {len(before)} in "
        f"the {days} days before. A one-sided Mann-Whitney U test of the two windows' ratings gives "
        f"p = {p_value:.2g}, below the rule's {rule.thresholds['p_value']:g}.",
    )
