"""Which channel a session counts under, by source, medium or campaign, as one SQL expression.

A session's UTM value is its channel. Sessions without one fall back to the class of their
referrer that the tracker stored (``tracking.referrer``), named the way analytics tools name
untagged traffic: a direct visit is ``(direct) / (none)``, an untagged search visit
``(search) / organic`` whichever engine sent it (the tracker keeps the class, not the engine),
then ``(social) / social``, ``(email) / email`` and ``(referral) / referral``; the campaign of
any untagged visit is ``(not set)``. Each field falls back on its own, so a link tagged with
only ``utm_source=partner`` is ``partner / referral`` when it came from another site.
"""

from sqlalchemy import case, func, literal_column

from leadcapture.models import VisitSession

GROUPINGS = {"source": "Source", "medium": "Medium", "campaign": "Campaign"}
# A grouping of every session under one channel, for distinct visitors overall.
ANY, ALL_CHANNELS = "any", "(all)"
DEFAULT_GROUPING = "source"
# referrer_class -> (source, medium) of a session without those UTM values.
FALLBACKS = {
    "direct": ("(direct)", "(none)"),
    "search": ("(search)", "organic"),
    "social": ("(social)", "social"),
    "email": ("(email)", "email"),
    "referral": ("(referral)", "referral"),
}
NO_CAMPAIGN = "(not set)"
OTHER = "(other)"  # a referrer class the tracker does not make today


def channel_of(grouping: str, sessions=VisitSession):
    """The SQL expression for a session's channel under ``grouping`` (a key of ``GROUPINGS``), of
    ``VisitSession`` or an alias of it."""
    if grouping == "campaign":
        return func.coalesce(sessions.utm_campaign, NO_CAMPAIGN)
    column, index = {"source": (sessions.utm_source, 0), "medium": (sessions.utm_medium, 1)}[grouping]
    fallback = case(
        {referrer_class: names[index] for referrer_class, names in FALLBACKS.items()},
        value=sessions.referrer_class,
        else_=OTHER,
    )
    return func.coalesce(column, fallback)


def session_channel(grouping: str, sessions=VisitSession):
    """``channel_of``, or the one channel of every session for ``ANY``."""
    return literal_column(f"'{ALL_CHANNELS}'") if grouping == ANY else channel_of(grouping, sessions)
