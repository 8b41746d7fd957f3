"""The kinds of alert, one entry each: what a rule of that kind is called, its thresholds (with
their limits and defaults), who sees its notifications, where they link to and the check the
periodic job runs for it. A new kind is one entry here (and its check)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    name: str
    label: str
    low: float
    high: float
    default: float
    whole: bool = True  # a whole number, else any decimal in range

    def describe(self) -> str:
        """The accepted values, for an error message."""
        kind = "a whole number" if self.whole else "a number"
        return f"{kind} from {self.low:g} to {self.high:g}"


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    summary: str
    thresholds: tuple[Threshold, ...]
    # The role whose staff see its notifications (None: all staff; admins see every one).
    audience: str | None
    # The admin page its notifications link to (a lead's notification links to the lead).
    page: str
    # The periodic check, a dotted path: ``check(rule, open_causes, now) -> Firing`` (see evaluate).
    check: str


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "hot_lead",
            "Hot lead",
            "A lead's score rises to the threshold, or a lead books: its owner (every salesperson when it "
            "has none) hears at once, by email and in the live feed, with the score's breakdown.",
            (Threshold("score", "Score that makes a lead hot", 1, 100, 70),),
            "sales",
            "/admin/leads",
            "leadcapture.alerts.hot_lead_checks.check",
        ),
        Kind(
            "sync_health",
            "HubSpot sync health",
            "HubSpot rejects our credentials, changes are dead-lettered, or the oldest change waiting "
            "for HubSpot is too old.",
            (
                Threshold("pending_minutes", "Oldest waiting change, in minutes", 1, 10080, 30),
                Threshold("dead_letters", "Dead-lettered changes that raise the alert", 1, 100000, 1),
            ),
            "admin",
            "/admin/sync",
            "leadcapture.alerts.sync_health.check",
        ),
        Kind(
            "lead_flow",
            "Lead flow",
            "No new lead for some opening hours of the clinic, or yesterday's leads significantly "
            "below the day before's (a one-sided exact binomial test of the two days' counts).",
            (
                Threshold("quiet_hours", "Opening hours without a new lead", 1, 168, 4),
                Threshold("min_leads", "Fewest leads over the two days to compare them", 1, 100000, 20),
                Threshold("p_value", "Significance level of the day-over-day test", 0.0001, 0.2, 0.01, False),
            ),
            None,
            "/admin/",
            "leadcapture.alerts.lead_flow.check",
        ),
        Kind(
            "satisfaction",
            "Satisfaction drop",
            "An organisation's or a tool's average rating over the window falls below the threshold, or "
            "significantly below the window before (a one-sided Mann-Whitney U test).",
            (
                Threshold("below", "Average rating that raises the alert (below it)", 1, 5, 3.5, False),
                Threshold("window_days", "Days in the rolling window", 1, 90, 7),
                Threshold("min_ratings", "Fewest ratings in a window to judge it", 2, 100000, 10),
                Threshold("p_value", "Significance level of the drop test", 0.0001, 0.2, 0.05, False),
            ),
            "marketing",
            "/admin/feedback",
            "leadcapture.alerts.satisfaction.check",
        ),
    )
}
# The audience of alerts of a kind with no entry above (other parts' own alerts).
DEFAULT_AUDIENCE = "admin"


def audience_of(kind: str) -> str | None:
    """The role whose staff see notifications of ``kind`` (None: all staff)."""
    known = KINDS.get(kind)
    return known.audience if known else DEFAULT_AUDIENCE
